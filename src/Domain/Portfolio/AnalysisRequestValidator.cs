using PortfolioAdvisor.MarketData;

namespace PortfolioAdvisor.Portfolio;

/// <summary>STUB (convert helper replaces): validates a request against the market data and catalogues.</summary>
public static class AnalysisRequestValidator
{
    /// <summary>Returns the normalized request.</summary>
    /// <exception cref="PortfolioValidationException">Any rule broken; every offending field named.</exception>
    public static AnalysisRequest Validate(AnalysisRequest request, MarketDataSet market, IReadOnlyCollection<string> personas) => throw new NotImplementedException();
}
