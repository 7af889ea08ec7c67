using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// The portfolio's exposure to one asset class against a risk profile: <paramref name="Weight"/> = Σ weight of its
/// holdings, <paramref name="Target"/> the profile's target, <paramref name="Drift"/> = weight − target (decimal
/// fractions; positive = overweight), and whether |drift| exceeds the profile's band.
/// </summary>
public sealed record AssetClassExposure(string AssetClass, double Weight, double Target, double Drift, bool OutsideBand)
{
    /// <summary>
    /// The exposure to every asset class that the profile targets or the portfolio holds: the profile's classes first,
    /// in its order, then any other held class (target 0).
    /// </summary>
    public static IReadOnlyList<AssetClassExposure> Compare(PricedPortfolio portfolio, RiskProfile profile)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(profile);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var assetClass in profile.TargetWeights.Keys)
        {
            weights[assetClass] = 0;
        }

        foreach (var holding in portfolio.Holdings)
        {
            weights[holding.AssetClass] = weights.GetValueOrDefault(holding.AssetClass) + holding.Weight;
        }

        var exposures = new List<AssetClassExposure>(weights.Count);
        foreach (var (assetClass, weight) in weights)
        {
            var target = profile.TargetFor(assetClass);
            exposures.Add(new AssetClassExposure(assetClass, weight, target, weight - target, Math.Abs(weight - target) > profile.DriftBand));
        }

        return exposures;
    }
}
