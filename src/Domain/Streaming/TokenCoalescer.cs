using System.Text;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Joins a message's deltas into token frames within a coalescing window (every SignalR message is metered). Text
/// waits for company for at most half the <c>window</c>, so coalescing adds at most half its window to any token's
/// latency and a message sends at most about two frames per window. A delta that arrives when nothing waits and no
/// frame left in the last half window (the message's first, or after a pause) goes out at once, since waiting would
/// rarely find company. A delta that arrives once the oldest waiting text has waited five sixths of that half goes out
/// with it, so frames leave as tokens arrive rather than on a timer that tokens race: at 50 tokens/s and an 80-ms
/// window three tokens share a frame and none waits more than 40 ms. <see cref="DueIn"/> says when the waiting text
/// must leave without a new delta, and <see cref="Flush"/> sends the rest at the message's end. The frames
/// concatenate to exactly the deltas. Not thread-safe.
/// </summary>
public sealed class TokenCoalescer(TimeSpan window, TimeProvider timeProvider)
{
    private readonly StringBuilder pending = new();
    private readonly TimeSpan longestWait = window / 2;
    private readonly TimeSpan arrivalRelease = window / 2 * 5 / 6;
    private long? lastFrameAt;
    private long oldestPendingAt;
    private TokenTally tally;

    /// <summary>True when text is waiting for its frame.</summary>
    public bool HasPending => pending.Length > 0;

    /// <summary>How long the waiting text may still wait: half the window since its first delta arrived (zero when nothing waits, or when it is due).</summary>
    public TimeSpan DueIn
    {
        get
        {
            if (!HasPending || window <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var left = longestWait - timeProvider.GetElapsedTime(oldestPendingAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Adds <paramref name="delta"/>; returns the frame to send now, or null while it waits for company.</summary>
    public string? Add(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var now = timeProvider.GetTimestamp();
        var quiet = !HasPending && (lastFrameAt is not { } last || timeProvider.GetElapsedTime(last, now) >= longestWait);
        if (!HasPending)
        {
            oldestPendingAt = now;
        }

        pending.Append(delta);
        tally.Added(now);
        return window <= TimeSpan.Zero || quiet || timeProvider.GetElapsedTime(oldestPendingAt, now) >= arrivalRelease ? Take(now) : null;
    }

    /// <summary>The waiting text when it has waited half the window, else null.</summary>
    public string? TakeIfDue() => HasPending && DueIn <= TimeSpan.Zero ? Take(timeProvider.GetTimestamp()) : null;

    /// <summary>The waiting text regardless of the window (the message's end), or null when nothing waits.</summary>
    public string? Flush()
    {
        tally.MessageEnded(timeProvider);
        return HasPending ? Take(timeProvider.GetTimestamp()) : null;
    }

    private string Take(long now)
    {
        var frame = pending.ToString();
        pending.Clear();
        tally.FrameTaken();
        lastFrameAt = now;
        return frame;
    }
}
