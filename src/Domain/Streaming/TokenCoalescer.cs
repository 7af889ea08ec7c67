using System.Text;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Joins a message's deltas into token frames sent at most once per <c>interval</c> (every SignalR message is metered):
/// the first delta goes out at once, later ones wait until the interval since the last frame has passed, and
/// <see cref="Flush"/> sends the rest at the message's end. The frames concatenate to exactly the deltas. Not thread-safe.
/// </summary>
public sealed class TokenCoalescer(TimeSpan interval, TimeProvider timeProvider)
{
    private readonly StringBuilder pending = new();
    private long? lastFrameAt;

    /// <summary>True when text is waiting for its frame.</summary>
    public bool HasPending => pending.Length > 0;

    /// <summary>How long until the pending text may be sent (zero when it may be sent now; <see cref="TimeSpan.Zero"/> when nothing waits).</summary>
    public TimeSpan DueIn
    {
        get
        {
            if (lastFrameAt is not { } last || interval <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            var left = interval - timeProvider.GetElapsedTime(last);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Adds <paramref name="delta"/>; returns the frame to send now, or null while the interval has not passed.</summary>
    public string? Add(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        pending.Append(delta);
        return TakeIfDue();
    }

    /// <summary>The pending text when its interval has passed, else null.</summary>
    public string? TakeIfDue() => HasPending && DueIn <= TimeSpan.Zero ? Take() : null;

    /// <summary>The pending text regardless of the interval (the message's end), or null when nothing waits.</summary>
    public string? Flush() => HasPending ? Take() : null;

    private string Take()
    {
        var frame = pending.ToString();
        pending.Clear();
        lastFrameAt = timeProvider.GetTimestamp();
        return frame;
    }
}
