namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// What a <see cref="Streaming.TokenCoalescer"/> counts for <see cref="StreamMetrics"/>: deltas waiting in the current
/// frame, and the first and last arrival of the message's deltas. A mutable struct held in a field (no allocation).
/// </summary>
internal struct TokenTally
{
    private int inFrame;
    private int tokens;
    private long firstAt;
    private long lastAt;

    /// <summary>A delta arrived at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Added(long timestamp)
    {
        if (tokens++ == 0)
        {
            firstAt = timestamp;
        }

        lastAt = timestamp;
        inFrame++;
    }

    /// <summary>The waiting deltas left as one frame.</summary>
    public void FrameTaken()
    {
        StreamMetrics.FrameSent(inFrame);
        inFrame = 0;
    }

    /// <summary>The message ended: records its mean time per token (first to last arrival over the gaps between them).</summary>
    public void MessageEnded(TimeProvider timeProvider)
    {
        if (tokens > 1)
        {
            StreamMetrics.MessageStreamed(timeProvider.GetElapsedTime(firstAt, lastAt).TotalSeconds / (tokens - 1));
        }

        tokens = 0;
    }
}
