using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The output of a completed analysis, as the status endpoint returns it: as-of date, base currency (USD), total value
/// (USD), priced holdings, risk and performance figures, recommendations, the advisor's saved reply, and the exposure by
/// asset class against the risk profile's targets (<c>allocation</c>, beyond the contract's members).
/// </summary>
public sealed record AnalysisOutput(
    DateOnly AsOf,
    string BaseCurrency,
    double TotalValue,
    IReadOnlyList<Holding> Holdings,
    RiskReport Risk,
    PerformanceReport Performance,
    IReadOnlyList<Recommendation> Recommendations,
    AdviceResult Advice,
    IReadOnlyList<AssetClassExposure> Allocation)
{
    /// <summary>The output made of the four analysis nodes' results and the advisor's reply.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static AnalysisOutput Of(
        PricedPortfolio portfolio, RiskReport risk, PerformanceReport performance, RecommendationList recommendations, AdviceResult advice)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(recommendations);
        return new AnalysisOutput(portfolio.AsOf, portfolio.BaseCurrency, portfolio.TotalValue, portfolio.Holdings,
            risk, performance, recommendations.Items, advice, recommendations.Allocation);
    }
}
