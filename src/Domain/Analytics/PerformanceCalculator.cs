using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Analytics;

/// <summary>STUB (analytics helper replaces).</summary>
public static class PerformanceCalculator
{
    /// <summary>Computes the performance report.</summary>
    public static PerformanceReport Compute(PricedPortfolio portfolio, MarketDataSet market) => throw new NotImplementedException();
}
