namespace PortfolioAdvisor.Streaming;

/// <summary>How token frames are sent, bound from configuration section <c>Streaming</c>.</summary>
public sealed class TokenStreamingOptions
{
    /// <summary>The configuration section: <c>Streaming</c>.</summary>
    public const string SectionName = "Streaming";

    /// <summary>
    /// The coalescing window, in milliseconds: a token's text waits at most half of it for company in one frame, so a
    /// message sends at most about two token frames per window (every SignalR message is metered). 0 sends every
    /// delta as it comes. Default 80 (at 50 tokens/s: three tokens a frame, none held over 40 ms).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000)]
    public int CoalesceMilliseconds { get; set; } = 80;
}
