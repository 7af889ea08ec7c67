using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Analytics;

/// <summary>STUB (analytics helper replaces).</summary>
public static class RiskCalculator
{
    /// <summary>Computes the risk report.</summary>
    public static RiskReport Compute(PricedPortfolio portfolio, MarketDataSet market) => throw new NotImplementedException();
}
