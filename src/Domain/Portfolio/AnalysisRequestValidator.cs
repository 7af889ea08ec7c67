namespace PortfolioAdvisor.Portfolio;

/// <summary>STUB (convert helper replaces): validates a request against the market data's tickers and the catalogues.</summary>
public static class AnalysisRequestValidator
{
    /// <summary>Returns the normalized request (tickers upper case, duplicates merged, defaults filled).</summary>
    /// <exception cref="PortfolioValidationException">Any rule broken; every offending field named.</exception>
    public static AnalysisRequest Validate(AnalysisRequest request, IReadOnlyCollection<string> knownTickers, IReadOnlyCollection<string> personas) => throw new NotImplementedException();
}
