using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>Builds the deterministic recommendations (rules and thresholds: <see cref="RecommendationRules"/>,
/// <see cref="RiskProfile"/> and <c>docs/analytics.md</c>).</summary>
public static class RecommendationEngine
{
    /// <summary>
    /// Applies the rules — concentration, allocation drift, overlap, risk outliers — to a priced portfolio and its risk
    /// figures. The same inputs always give the same list, ordered by severity (high, warning, info), then in that rule
    /// order. No current rule reads <paramref name="performance"/>; it is part of the signature the recommendations activity calls.
    /// </summary>
    public static IReadOnlyList<Recommendation> Build(PricedPortfolio portfolio, RiskReport risk, PerformanceReport performance, RiskProfile profile, MarketDataSet market)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(market);

        IEnumerable<Recommendation> all =
        [
            .. ConcentrationRule.Evaluate(portfolio, risk, profile),
            .. AllocationDriftRule.Evaluate(portfolio, profile, market),
            .. OverlapRule.Evaluate(portfolio, risk),
            .. RiskOutlierRule.Evaluate(risk),
        ];
        return [.. all.OrderBy(r => Rank(r.Severity))];
    }

    private static int Rank(string severity) => severity switch
    {
        RecommendationRules.High => 0,
        RecommendationRules.Warning => 1,
        _ => 2,
    };
}
