using System.Text.Json;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Streaming;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>The self-host's <see cref="IAnalysisRuns"/>: the embedded engine over its SQLite store and event log.</summary>
public sealed class EmbeddedAnalysisRuns(OrchestrationStore store, SqliteRunEventLog log, EmbeddedOrchestrationEngine engine, TerminatedOutput terminatedOutput)
    : IAnalysisRuns
{
    /// <summary>How long the status waits for an orchestration whose terminal event is already logged.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public Task<OwnedRun?> FindAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Find(runId) is { } instance ? new OwnedRun(instance.Id, instance.Owner) : null);

    /// <inheritdoc />
    /// <remarks>Every user's count is the orchestrations running in this process.</remarks>
    public Task<int> CountInFlightAsync(string? ownerId, CancellationToken cancellationToken) =>
        Task.FromResult(ownerId is null ? engine.RunningCount : store.CountUnfinished(ownerId));

    /// <inheritdoc />
    public Task ScheduleAsync(AnalysisInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        engine.ScheduleNew(FundAnalysisOrchestration.Name, input.Run.RunId, input.Run.OwnerId, input);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RunStatusResponse?> GetStatusAsync(OwnedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (store.Find(run.Id) is not { } instance)
        {
            return null;
        }

        // run_completed is logged by the last activity, a moment before the orchestration returns its output.
        if (!RuntimeStatuses.IsTerminal(instance.Status) && log.IsClosed(run.Id))
        {
            await engine.WaitForCompletionAsync(run.Id, SettleTimeout, cancellationToken).ConfigureAwait(false);
            instance = store.Find(run.Id)!;
        }

        return new RunStatusResponse(
            instance.Id, instance.Status, instance.Created.UtcDateTime, instance.Updated.UtcDateTime, Parse(instance.CustomStatus), Parse(instance.Output));
    }

    /// <inheritdoc />
    public async Task TerminateAsync(OwnedRun run, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (store.Find(run.Id) is { } instance)
        {
            engine.Terminate(run.Id, reason, await terminatedOutput.BuildAsync(instance, cancellationToken).ConfigureAwait(false));
        }
    }

    private static JsonElement? Parse(string? json) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
