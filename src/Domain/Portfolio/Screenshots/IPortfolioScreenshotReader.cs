namespace PortfolioAdvisor.Portfolio.Screenshots;

/// <summary>
/// Reads the positions shown in a screenshot of a brokerage portfolio (a vision-capable model behind it). What it
/// returns is validated exactly like typed input, so it may return tickers as seen and any share counts.
/// </summary>
public interface IPortfolioScreenshotReader
{
    /// <summary>The positions in <paramref name="image"/>, in the order shown; empty when none can be seen.</summary>
    /// <param name="image">The image bytes (at most 5 MiB).</param>
    /// <param name="mediaType"><c>image/png</c> or <c>image/jpeg</c>.</param>
    /// <param name="cancellationToken">Cancels the model call.</param>
    /// <exception cref="UnsupportedPortfolioContentException">422: the model could not be reached or answered something unreadable.</exception>
    Task<IReadOnlyList<HoldingInput>> ReadAsync(BinaryData image, string mediaType, CancellationToken cancellationToken = default);
}
