using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Notices that a run ended (e.g. its owner terminated it) while the advisor is waiting on the model and so emits
/// nothing that would fail with <see cref="RunClosedException"/>: the contract stops a stream within one second of a
/// terminate, and a host may not cancel the activity. Reads only the events after the last one seen.
/// </summary>
internal sealed class RunLiveness(IRunEventLog log, string runId, long lastSeq, TimeProvider timeProvider)
{
    /// <summary>How often a silent wait checks the log: 200 ms, so a terminate is noticed within about 0.4 s even on a loaded host.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(200);

    private long lastSeq = lastSeq;
    private long confirmedOpenAt = timeProvider.GetTimestamp();

    /// <summary>Records events this advisor appended (an append succeeds only while the run is open), so the next check starts after them.</summary>
    public void Saw(IReadOnlyList<StoredEvent> appended)
    {
        confirmedOpenAt = timeProvider.GetTimestamp();
        if (appended.Count > 0)
        {
            lastSeq = Math.Max(lastSeq, appended[^1].Seq);
        }
    }

    /// <summary>
    /// Throws when the run has a terminal event after the last one seen; reads the log only when the run was last known
    /// open at least <see cref="CheckInterval"/> ago, so a busy stream costs no reads.
    /// </summary>
    /// <exception cref="RunClosedException">The run ended.</exception>
    public async Task ThrowIfClosedAsync(CancellationToken cancellationToken)
    {
        if (timeProvider.GetElapsedTime(confirmedOpenAt) < CheckInterval)
        {
            return;
        }

        var newer = await log.ReadAsync(runId, lastSeq, cancellationToken).ConfigureAwait(false);
        Saw(newer);
        if (newer.Any(e => EventTypes.IsTerminal(e.Type)))
        {
            throw new RunClosedException(runId);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> while checking the log every <see cref="CheckInterval"/>; when the run ends, cancels
    /// the work, hands a result it still produced to <paramref name="discard"/>, and throws.
    /// </summary>
    /// <exception cref="RunClosedException">The run ended while the work ran.</exception>
    public async Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> work, Func<T, ValueTask>? discard, CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = work(guard.Token);
        while (!task.IsCompleted)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                await Task.WhenAny(task, Task.Delay(CheckInterval, timeProvider, tick.Token)).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false);
            }

            if (task.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await ThrowIfClosedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RunClosedException)
            {
                await guard.CancelAsync().ConfigureAwait(false);
                await DiscardAsync(task, discard).ConfigureAwait(false);
                throw;
            }
        }

        return await task.ConfigureAwait(false);
    }

    private static async Task DiscardAsync<T>(Task<T> task, Func<T, ValueTask>? discard)
    {
        try
        {
            var late = await task.ConfigureAwait(false);
            if (discard is not null)
            {
                await discard(late).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // The work was cancelled because the run ended; how it ended no longer matters.
        }
    }
}
