namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// The body cannot be read for a reason that is not a validation error; <see cref="StatusCode"/> is the HTTP answer:
/// 413 (body over the limit), 415 (unsupported content type) or 422 (no vision model configured, or the model could not
/// read the screenshot).
/// </summary>
public sealed class UnsupportedPortfolioContentException(int statusCode, string message) : Exception(message)
{
    /// <summary>413, 415 or 422.</summary>
    public int StatusCode { get; } = statusCode;
}
