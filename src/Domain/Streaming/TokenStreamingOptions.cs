namespace PortfolioAdvisor.Streaming;

/// <summary>How token frames are sent, bound from configuration section <c>Streaming</c>.</summary>
public sealed class TokenStreamingOptions
{
    /// <summary>The configuration section: <c>Streaming</c>.</summary>
    public const string SectionName = "Streaming";

    /// <summary>
    /// Smallest interval between two token frames of a message, in milliseconds; deltas arriving sooner are joined
    /// (every SignalR message is metered). 0 sends every delta as it comes. Default 60.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000)]
    public int CoalesceMilliseconds { get; set; } = 60;
}
