using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// How a run is terminated, the one rule for the terminate route and for a question that interrupts a turn
/// (<c>?multitask=interrupt</c>): <c>run_terminated</c> is logged first, which closes the log so a streaming advisor
/// stops at its next frame, then the host's engine stops the run.
/// </summary>
public static class RunTermination
{
    /// <summary>Terminates <paramref name="run"/> for <paramref name="reason"/> (kept as given).</summary>
    /// <returns>False, doing nothing, when the run had already ended (its log holds a terminal event).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static async Task<bool> TerminateAsync(RunEventWriter events, IAnalysisRuns runs, OwnedRun run, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            // A second terminate finds run_terminated by its dedupe key and appends nothing: the run had already ended.
            var appended = await events.EmitAsync(new RunContext(run.Id, run.OwnerId), new RunTerminated(reason) { RunId = run.Id }, EventTypes.RunTerminated, cancellationToken).ConfigureAwait(false);
            if (appended.Count == 0)
            {
                return false;
            }
        }
        catch (RunClosedException)
        {
            return false;
        }

        // The log is closed now, so the run's partial output is read from a transcript that no longer changes.
        await runs.TerminateAsync(run, reason, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
