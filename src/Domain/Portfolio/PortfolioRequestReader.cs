namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// STUB (convert helper replaces): reads a <c>POST /api/analyses</c> body of any supported content type into a
/// validated request. Host-neutral, so the self-host and the Functions app share every rule.
/// </summary>
public sealed class PortfolioRequestReader
{
    /// <summary>Reads and validates the body.</summary>
    /// <param name="contentType">The request's Content-Type header (may carry parameters such as charset).</param>
    /// <param name="body">The request body.</param>
    /// <param name="query">Reads a query-string parameter (persona, riskProfile, language) or null.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="PortfolioValidationException">400: malformed or invalid input.</exception>
    /// <exception cref="UnsupportedPortfolioContentException">415 (unsupported type), 413 (too large) or 422 (no vision model).</exception>
    public Task<AnalysisRequest> ReadAsync(string? contentType, Stream body, Func<string, string?> query, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}

/// <summary>The body cannot be read for a reason that is not a validation error; <see cref="StatusCode"/> is the HTTP answer (413, 415, 422).</summary>
public sealed class UnsupportedPortfolioContentException(int statusCode, string message) : Exception(message)
{
    /// <summary>413, 415 or 422.</summary>
    public int StatusCode { get; } = statusCode;
}
