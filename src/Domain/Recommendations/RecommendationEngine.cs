using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>STUB (analytics helper replaces).</summary>
public static class RecommendationEngine
{
    /// <summary>Builds recommendations.</summary>
    public static IReadOnlyList<Recommendation> Build(PricedPortfolio portfolio, RiskReport risk, PerformanceReport performance, RiskProfile profile, MarketDataSet market) => throw new NotImplementedException();
}
