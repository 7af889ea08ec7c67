namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// A risk profile: the target allocation the portfolio is judged against and the limits that trigger recommendations.
/// </summary>
/// <param name="Name">conservative, balanced or growth.</param>
/// <param name="Description">One sentence for people.</param>
/// <param name="TargetWeights">Asset class → target weight (decimal fraction); the weights sum to 1. An asset class not
/// listed has a target of 0.</param>
/// <param name="DriftBand">An asset class drifts when |weight − target| exceeds this (decimal fraction, e.g. 0.05 =
/// 5 percentage points).</param>
/// <param name="MaxHoldingWeight">The largest weight one holding should have (decimal fraction).</param>
/// <param name="MaxHerfindahl">The largest Herfindahl index Σ weight² the portfolio should have.</param>
public sealed record RiskProfile(
    string Name,
    string Description,
    IReadOnlyDictionary<string, double> TargetWeights,
    double DriftBand,
    double MaxHoldingWeight,
    double MaxHerfindahl)
{
    /// <summary>Mostly bonds and cash: 45 % bonds, 10 % cash, 35 % equity, 10 % real assets; band ±5 points; one
    /// holding ≤ 25 %; Herfindahl ≤ 0.20.</summary>
    public static RiskProfile Conservative { get; } = new(
        "conservative",
        "Capital preservation first: mostly bonds and cash, a third in stocks.",
        Targets(usEquity: 0.20, globalEquity: 0.05, intlEquity: 0.10, realEstate: 0.05, bonds: 0.45, commodities: 0.05, cash: 0.10),
        DriftBand: 0.05,
        MaxHoldingWeight: 0.25,
        MaxHerfindahl: 0.20);

    /// <summary>The default: 55 % equity (35 % US, 5 % global, 15 % international), 30 % bonds, 5 % each real estate,
    /// commodities and cash; band ±5 points; one holding ≤ 30 %; Herfindahl ≤ 0.20.</summary>
    public static RiskProfile Balanced { get; } = new(
        "balanced",
        "Growth and stability in balance: a little over half in stocks, about a third in bonds.",
        Targets(usEquity: 0.35, globalEquity: 0.05, intlEquity: 0.15, realEstate: 0.05, bonds: 0.30, commodities: 0.05, cash: 0.05),
        DriftBand: 0.05,
        MaxHoldingWeight: 0.30,
        MaxHerfindahl: 0.20);

    /// <summary>80 % equity (50 % US, 5 % global, 25 % international), 10 % bonds, 5 % each real estate and commodities,
    /// no cash; band ±7 points; one holding ≤ 35 %; Herfindahl ≤ 0.25.</summary>
    public static RiskProfile Growth { get; } = new(
        "growth",
        "Long-horizon growth: mostly stocks, a small bond cushion.",
        Targets(usEquity: 0.50, globalEquity: 0.05, intlEquity: 0.25, realEstate: 0.05, bonds: 0.10, commodities: 0.05, cash: 0.00),
        DriftBand: 0.07,
        MaxHoldingWeight: 0.35,
        MaxHerfindahl: 0.25);

    /// <summary>The names clients may use: conservative, balanced, growth.</summary>
    public static IReadOnlyList<string> Names { get; } = ["conservative", "balanced", "growth"];

    /// <summary>The profile named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static RiskProfile Get(string name) => name?.ToUpperInvariant() switch
    {
        "CONSERVATIVE" => Conservative,
        "BALANCED" => Balanced,
        "GROWTH" => Growth,
        _ => throw new ArgumentException($"Unknown risk profile '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The target weight of <paramref name="assetClass"/>: 0 when the profile does not list it.</summary>
    public double TargetFor(string assetClass) => TargetWeights.GetValueOrDefault(assetClass);

    private static Dictionary<string, double> Targets(
        double usEquity, double globalEquity, double intlEquity, double realEstate, double bonds, double commodities, double cash) =>
        new(StringComparer.Ordinal)
        {
            ["us_equity"] = usEquity,
            ["global_equity"] = globalEquity,
            ["intl_equity"] = intlEquity,
            ["real_estate"] = realEstate,
            ["bonds"] = bonds,
            ["commodities"] = commodities,
            ["cash"] = cash,
        };
}
