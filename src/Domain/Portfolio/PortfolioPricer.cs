using PortfolioAdvisor.MarketData;

namespace PortfolioAdvisor.Portfolio;

/// <summary>STUB (analytics helper replaces): prices holdings on the as-of date.</summary>
public static class PortfolioPricer
{
    /// <summary>Prices <paramref name="holdings"/>.</summary>
    public static PricedPortfolio Price(IReadOnlyList<HoldingInput> holdings, MarketDataSet market) => throw new NotImplementedException();
}
