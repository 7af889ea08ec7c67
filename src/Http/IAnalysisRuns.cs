using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Http;

/// <summary>
/// The orchestration side of the routes, as each host keeps it: the self-host's embedded engine and SQLite store, or
/// Durable Functions with the Table registry. The routes own every rule; implementations only look up and act.
/// </summary>
public interface IAnalysisRuns
{
    /// <summary>Run <paramref name="runId"/> and its owner, or null when there is no such run.</summary>
    Task<OwnedRun?> FindAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Runs <c>Pending</c> or <c>Running</c> of <paramref name="ownerId"/>, or of every user when it is null.</summary>
    Task<int> CountInFlightAsync(string? ownerId, CancellationToken cancellationToken);

    /// <summary>Records the run's owner and schedules the fund-analysis orchestration for <paramref name="input"/>.</summary>
    Task ScheduleAsync(AnalysisInput input, CancellationToken cancellationToken);

    /// <summary>The status body of <paramref name="run"/>, or null when the orchestration is unknown to the engine.</summary>
    Task<RunStatusResponse?> GetStatusAsync(OwnedRun run, CancellationToken cancellationToken);

    /// <summary>Stops <paramref name="run"/> for <paramref name="reason"/>; called after <c>run_terminated</c> closed its log.</summary>
    Task TerminateAsync(OwnedRun run, string reason, CancellationToken cancellationToken);
}

/// <summary>A run and the user id of whoever started it.</summary>
public sealed record OwnedRun(string Id, string OwnerId)
{
    /// <summary>True when <paramref name="callerId"/> owns the run (ordinal: ids are opaque).</summary>
    public bool IsOwnedBy(string callerId) => string.Equals(OwnerId, callerId, StringComparison.Ordinal);
}
