using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>GET /api/analyses/{id}</c>: the run's status and, once completed, its output; for a terminated run, the output as
/// it stood at the stop (<see cref="TerminatedRunOutput"/>: Durable keeps activity results only in its history). 404 for
/// other users.
/// </summary>
public sealed class AnalysisStatusFunction(IRunRegistry runs, IRunEventLog log, TerminatedRunOutput terminated, IChatModel model)
{
    // run_completed is logged by the CompleteRun activity just before the orchestration returns, so a client reacting
    // to it may ask before Durable has checkpointed Completed; waiting this long covers that gap.
    private static readonly TimeSpan CompletionGrace = TimeSpan.FromSeconds(5);

    /// <summary>Answers the status of run <paramref name="id"/>.</summary>
    [Function(nameof(GetAnalysisStatus))]
    public async Task GetAnalysisStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analyses/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var result = await GetAsync(request, id, client, cancellationToken).ConfigureAwait(false);
        await result.ExecuteAsync(request.HttpContext).ConfigureAwait(false);
    }

    private async Task<IResult> GetAsync(HttpRequest request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (Caller.Find(request) is not { } callerId)
        {
            return ApiProblems.Unauthorized();
        }

        var run = await runs.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null || !run.IsOwnedBy(callerId))
        {
            return ApiProblems.RunNotFound(id);
        }

        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return ApiProblems.RunNotFound(id);
        }

        if (run.Terminal && !metadata.IsCompleted)
        {
            metadata = await WaitBrieflyAsync(client, metadata, cancellationToken).ConfigureAwait(false);
        }

        var terminatedOutput = AnalysisStatus.ContractStatus(metadata.RuntimeStatus) == "Terminated"
            ? await TerminatedOutputAsync(metadata, cancellationToken).ConfigureAwait(false)
            : null;
        return TypedResults.Json(AnalysisStatus.From(metadata, terminatedOutput), EventJson.StatusOptions);
    }

    private async Task<AnalysisOutput?> TerminatedOutputAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken) =>
        metadata.ReadInputAs<AnalysisInput>() is { } input
            ? terminated.Rebuild(input, await log.ReadAsync(metadata.InstanceId, 0, cancellationToken).ConfigureAwait(false), model.Name)
            : null;

    private static async Task<OrchestrationMetadata> WaitBrieflyAsync(DurableTaskClient client, OrchestrationMetadata current, CancellationToken cancellationToken)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(CompletionGrace);
        try
        {
            return await client.WaitForInstanceCompletionAsync(current.InstanceId, getInputsAndOutputs: true, grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return current;
        }
    }
}
