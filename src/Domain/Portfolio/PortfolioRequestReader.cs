using System.Net.Http.Headers;
using System.Text;
using PortfolioAdvisor.Portfolio.Csv;
using PortfolioAdvisor.Portfolio.Screenshots;

namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// Reads a <c>POST /api/analyses</c> body of any supported content type into a validated request. Host-neutral, so the
/// self-host and the Functions app share every rule: <c>application/json</c> (options in the body), <c>text/csv</c>
/// (a brokerage export, options from the query string), <c>image/png</c> and <c>image/jpeg</c> (a screenshot read by
/// <see cref="IPortfolioScreenshotReader"/>, options from the query string). Reading and validation errors are reported
/// together; see <see cref="AnalysisRequestValidator"/> for the rules and <see cref="PortfolioReader"/> for the formats.
/// </summary>
public sealed class PortfolioRequestReader
{
    /// <summary>The largest JSON or CSV body: 1 MiB.</summary>
    public const int MaxTextBytes = 1024 * 1024;

    /// <summary>The largest image body: 5 MiB.</summary>
    public const int MaxImageBytes = 5 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly InputCatalog catalog;
    private readonly IPortfolioScreenshotReader? screenshots;

    /// <summary>Creates a reader that validates against the given names.</summary>
    /// <param name="knownTickers">The market data's tickers (e.g. <c>MarketDataSet.Tickers</c>).</param>
    /// <param name="personas">The persona names (e.g. <c>analyst</c>, <c>xiaomei</c>).</param>
    /// <param name="riskProfiles">The risk profile names (e.g. <c>RiskProfile.Names</c>).</param>
    /// <param name="screenshots">Reads screenshots; null when no vision model is configured (images then answer 422).</param>
    public PortfolioRequestReader(
        IReadOnlyCollection<string> knownTickers,
        IReadOnlyCollection<string> personas,
        IReadOnlyCollection<string> riskProfiles,
        IPortfolioScreenshotReader? screenshots = null)
    {
        catalog = new InputCatalog(knownTickers, personas, riskProfiles);
        this.screenshots = screenshots;
    }

    /// <summary>Reads and validates the body.</summary>
    /// <param name="contentType">The request's Content-Type header (may carry parameters such as charset).</param>
    /// <param name="body">The request body; read to its end or until the limit is passed.</param>
    /// <param name="query">Reads a query-string parameter (persona, riskProfile, language) or null.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="PortfolioValidationException">400: malformed or invalid input; every offending field named.</exception>
    /// <exception cref="UnsupportedPortfolioContentException">415 (unsupported type), 413 (over 1 MiB, images 5 MiB) or 422 (no vision model, or it failed).</exception>
    public async Task<AnalysisRequest> ReadAsync(string? contentType, Stream body, Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        var mediaType = MediaTypeOf(contentType);
        PortfolioDraft draft;
        switch (mediaType)
        {
            case "application/json":
                draft = JsonPortfolioParser.Parse(await BoundedBody.ReadAsync(body, MaxTextBytes, cancellationToken).ConfigureAwait(false));
                break;
            case "text/csv":
                var text = Utf8.GetString(await BoundedBody.ReadAsync(body, MaxTextBytes, cancellationToken).ConfigureAwait(false));
                draft = BrokerageCsvParser.Parse(text, query("persona"), query("riskProfile"), query("language"));
                break;
            case "image/png" or "image/jpeg":
                draft = await ReadScreenshotAsync(mediaType, body, query, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new UnsupportedPortfolioContentException(
                    415, $"Content type '{contentType}' is not supported: use application/json, text/csv, image/png or image/jpeg.");
        }

        return AnalysisRequestValidator.Validate(draft, catalog);
    }

    private async Task<PortfolioDraft> ReadScreenshotAsync(string mediaType, Stream body, Func<string, string?> query, CancellationToken cancellationToken)
    {
        if (screenshots is null)
        {
            throw new UnsupportedPortfolioContentException(422, "Screenshots cannot be read: no vision model is configured.");
        }

        var bytes = await BoundedBody.ReadAsync(body, MaxImageBytes, cancellationToken).ConfigureAwait(false);
        var errors = new ValidationErrors();
        IReadOnlyList<HoldingInput> read = [];
        if (!ImageSignature.Matches(mediaType, bytes))
        {
            errors.Add("body", mediaType == "image/png" ? "is not a PNG image" : "is not a JPEG image");
        }
        else
        {
            read = await screenshots.ReadAsync(BinaryData.FromBytes(bytes), mediaType, cancellationToken).ConfigureAwait(false);
        }

        var holdings = read
            .Select((h, i) => new DraftHolding(h.Ticker, h.Shares, h.CostBasis, HoldingFieldKeys.ForIndex(i)))
            .ToList();
        return new PortfolioDraft(holdings, query("persona"), query("riskProfile"), query("language"), errors,
            "no positions could be read from the screenshot");
    }

    private static string? MediaTypeOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
}
