using System.Text.Json;
using System.Text.Json.Serialization;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>
/// <c>GET /api/analyses/{id}</c>: Durable's status shape. <see cref="Output"/> is present once Completed (and, for a
/// Terminated run, holds what was written before the stop, marked partial).
/// </summary>
public sealed record RunStatusResponse(
    string Id,
    string RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    JsonElement? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Output)
{
    /// <summary>The response for <paramref name="instance"/>.</summary>
    public static RunStatusResponse From(InstanceRecord instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new RunStatusResponse(
            instance.Id,
            instance.Status,
            instance.Created.UtcDateTime,
            instance.Updated.UtcDateTime,
            Parse(instance.CustomStatus),
            Parse(instance.Output));
    }

    private static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
