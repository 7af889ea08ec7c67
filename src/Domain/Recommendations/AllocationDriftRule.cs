using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// <see cref="RecommendationRules.AllocationDrift"/>: asset classes further from the profile's target than its band,
/// with the rebalancing trades of <see cref="Rebalancer"/> (whole shares, sales fund purchases). Figures hold every
/// class's weight and target (<c>weight.&lt;class&gt;</c>, <c>target.&lt;class&gt;</c>), the band and the cash the
/// trades leave over (<c>cashLeftUsd</c>, USD).
/// </summary>
internal static class AllocationDriftRule
{
    public static IEnumerable<Recommendation> Evaluate(PricedPortfolio portfolio, RiskProfile profile, MarketDataSet market)
    {
        var exposures = AssetClassExposure.Compare(portfolio, profile);
        var drifting = exposures.Where(e => e.OutsideBand).OrderByDescending(e => Math.Abs(e.Drift)).ToList();
        if (drifting.Count == 0)
        {
            yield break;
        }

        var (trades, cashLeft) = Rebalancer.Plan(portfolio, exposures, market);
        var figures = new Dictionary<string, double> { ["driftBand"] = profile.DriftBand, ["cashLeftUsd"] = cashLeft };
        foreach (var e in exposures)
        {
            figures[$"weight.{e.AssetClass}"] = e.Weight;
            figures[$"target.{e.AssetClass}"] = e.Target;
        }

        var described = drifting.Select(e =>
            $"{Wording.AssetClass(e.AssetClass)} at {Wording.Percent(e.Weight)} against a target of {Wording.Percent(e.Target)} ({Wording.Points(e.Drift)})");
        var rationale = $"Against the {profile.Name} profile (band ±{Wording.Percent(profile.DriftBand)}): {string.Join("; ", described)}.";
        rationale += trades.Count > 0
            ? $" Rebalancing without new cash: {Wording.Trades(trades)}, leaving {Wording.Usd(cashLeft)} in cash."
            : " The drift is too small to trade in whole shares.";

        var worst = drifting[0];
        var high = Math.Abs(worst.Drift) > 2 * profile.DriftBand;
        yield return new Recommendation(
            RecommendationRules.AllocationDrift, high ? RecommendationRules.High : RecommendationRules.Warning,
            $"{Wording.Capitalized(Wording.AssetClass(worst.AssetClass))} at {Wording.Percent(worst.Weight)} against a {Wording.Percent(worst.Target)} target",
            rationale, figures, trades);
    }
}
