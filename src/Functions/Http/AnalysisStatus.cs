using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The body of <c>GET /api/analyses/{id}</c>: Durable's instance metadata in the contract's shape, written with
/// <c>EventJson.StatusOptions</c> as the self-host writes it. Custom status and output are read back as Domain records,
/// whatever serializer Durable stored them with. <see cref="Output"/> is left out until there is one.
/// </summary>
public sealed record AnalysisStatus(
    string Id,
    string RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    RunProgress? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AnalysisOutput? Output)
{
    /// <summary>
    /// Maps <paramref name="metadata"/> (fetched with inputs and outputs) to the contract body; the output is the
    /// orchestration's once Completed, and <paramref name="terminatedOutput"/> (what was written before the stop) once
    /// Terminated.
    /// </summary>
    public static AnalysisStatus From(OrchestrationMetadata metadata, AnalysisOutput? terminatedOutput = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var status = ContractStatus(metadata.RuntimeStatus);
        var output = status switch
        {
            "Completed" when metadata.SerializedOutput is not null => metadata.ReadOutputAs<AnalysisOutput>(),
            "Terminated" => terminatedOutput,
            _ => null,
        };
        return new AnalysisStatus(
            metadata.InstanceId,
            status,
            metadata.CreatedAt.UtcDateTime,
            metadata.LastUpdatedAt.UtcDateTime,
            metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<RunProgress>(),
            output);
    }

    /// <summary>
    /// The contract's five status names. Durable's other states are transient or unused here: a suspended or
    /// continued-as-new run is still running, and a canceled one has been ended by request like a terminated one.
    /// </summary>
    public static string ContractStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => "Pending",
        OrchestrationRuntimeStatus.Completed => "Completed",
        OrchestrationRuntimeStatus.Failed => "Failed",
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but may still be reported by older backends.
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled => "Terminated",
#pragma warning restore CS0618
        _ => "Running",
    };
}
