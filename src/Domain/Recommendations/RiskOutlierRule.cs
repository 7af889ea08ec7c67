using PortfolioAdvisor.Analytics;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// <see cref="RecommendationRules.RiskOutlier"/>: a holding whose share of portfolio variance (see
/// <see cref="VarianceContribution"/>) is at least <see cref="RecommendationRules.OutlierRatio"/> × its weight and at
/// least <see cref="RecommendationRules.OutlierExcess"/> above it. No trades: whether to hold less of it is a choice of
/// risk, not of arithmetic.
/// </summary>
internal static class RiskOutlierRule
{
    public static IEnumerable<Recommendation> Evaluate(RiskReport risk)
    {
        if (risk.Contributions is not { } contributions)
        {
            yield break;
        }

        foreach (var c in contributions.OrderByDescending(c => c.ShareOfVariance - c.Weight))
        {
            if (c.ShareOfVariance < RecommendationRules.OutlierRatio * c.Weight || c.ShareOfVariance - c.Weight < RecommendationRules.OutlierExcess)
            {
                continue;
            }

            var figures = new Dictionary<string, double>
            {
                ["weight"] = c.Weight,
                ["shareOfVariance"] = c.ShareOfVariance,
                ["ratio"] = c.ShareOfVariance / c.Weight,
            };
            var rationale = $"{c.Ticker} is {Wording.Percent(c.Weight)} of the portfolio's value but {Wording.Percent(c.ShareOfVariance)} of its daily variance "
                + $"over the last {risk.LookbackDays} trading days ({Wording.Number(c.ShareOfVariance / c.Weight, "0.0")} times its weight): it drives the portfolio's swings.";
            yield return new Recommendation(
                RecommendationRules.RiskOutlier, RecommendationRules.Warning, $"{c.Ticker} carries outsized risk", rationale, figures, []);
        }
    }
}
