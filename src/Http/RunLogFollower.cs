using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Follows one run's log for a Server-Sent Events stream (<see cref="EventStreamResult"/>, <see cref="AgUiStreamResult"/>):
/// the events after a seq, waiting for <see cref="IRunChangeSignal"/> when there are none yet, and a keep-alive comment
/// after <see cref="EventStreamResult.Heartbeat"/> of silence.
/// </summary>
public sealed class RunLogFollower(string runId, IRunEventLog log, IRunChangeSignal changes, TimeProvider time, HttpResponse response)
{
    private long lastWrite = time.GetTimestamp();

    /// <summary>
    /// The events with seq greater than <paramref name="after"/>; empty when none came before the heartbeat was due,
    /// in which case a keep-alive comment was written and flushed.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> NextAsync(long after, CancellationToken cancellationToken)
    {
        var events = await log.ReadAsync(runId, after, cancellationToken).ConfigureAwait(false);
        if (events.Count > 0)
        {
            return events;
        }

        // Subscribe, then read once more, so an append between the read and the wait is not missed.
        // Only unfinished runs are waited on: the terminal event's publish releases every waiter.
        var changed = changes.WaitForChangeAsync(runId, cancellationToken);
        events = await log.ReadAsync(runId, after, cancellationToken).ConfigureAwait(false);
        if (events.Count > 0)
        {
            return events;
        }

        var quiet = EventStreamResult.Heartbeat - time.GetElapsedTime(lastWrite);
        try
        {
            await changed.WaitAsync(quiet > TimeSpan.Zero ? quiet : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await response.WriteAsync(SseFrame.KeepAlive, cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            Wrote();
        }

        return [];
    }

    /// <summary>Records that the stream just wrote and flushed events (the heartbeat counts from here).</summary>
    public void Wrote() => lastWrite = time.GetTimestamp();
}
