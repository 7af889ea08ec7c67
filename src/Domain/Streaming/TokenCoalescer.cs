using System.Text;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Joins a message's deltas into token frames, so frames leave at most about once per <c>interval</c> (every SignalR
/// message is metered). The first delta goes out at once. A later delta that arrives once five sixths of the interval
/// have passed since the last frame goes out with everything waiting: frames leave as tokens arrive rather than on a
/// timer that tokens race, so at 50 tokens/s and 60 ms three tokens share a frame and none waits more than 40 ms.
/// Text never waits longer than the interval (<see cref="DueIn"/>), and <see cref="Flush"/> sends the rest at the
/// message's end. The frames concatenate to exactly the deltas. Not thread-safe.
/// </summary>
public sealed class TokenCoalescer(TimeSpan interval, TimeProvider timeProvider)
{
    private readonly StringBuilder pending = new();
    private readonly TimeSpan arrivalGap = interval * 5 / 6;
    private long? lastFrameAt;
    private long oldestPendingAt;
    private TokenTally tally;

    /// <summary>True when text is waiting for its frame.</summary>
    public bool HasPending => pending.Length > 0;

    /// <summary>How long the waiting text may still wait: the interval since its first delta arrived (zero when nothing waits, or when it is due).</summary>
    public TimeSpan DueIn
    {
        get
        {
            if (!HasPending || interval <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var left = interval - timeProvider.GetElapsedTime(oldestPendingAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Adds <paramref name="delta"/>; returns the frame to send now, or null while it waits for company.</summary>
    public string? Add(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!HasPending)
        {
            oldestPendingAt = timeProvider.GetTimestamp();
        }

        pending.Append(delta);
        tally.Added(timeProvider.GetTimestamp());
        var sinceLastFrame = lastFrameAt is { } last ? timeProvider.GetElapsedTime(last) : TimeSpan.MaxValue;
        return interval <= TimeSpan.Zero || sinceLastFrame >= arrivalGap ? Take() : TakeIfDue();
    }

    /// <summary>The waiting text when it has waited the whole interval, else null.</summary>
    public string? TakeIfDue() => HasPending && DueIn <= TimeSpan.Zero ? Take() : null;

    /// <summary>The waiting text regardless of the interval (the message's end), or null when nothing waits.</summary>
    public string? Flush()
    {
        tally.MessageEnded(timeProvider);
        return HasPending ? Take() : null;
    }

    private string Take()
    {
        var frame = pending.ToString();
        pending.Clear();
        tally.FrameTaken();
        lastFrameAt = timeProvider.GetTimestamp();
        return frame;
    }
}
