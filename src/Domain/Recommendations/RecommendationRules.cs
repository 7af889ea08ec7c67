namespace PortfolioAdvisor.Recommendations;

/// <summary>The codes, severities and fixed thresholds of the recommendations (the profile-specific limits live in
/// <see cref="RiskProfile"/>).</summary>
public static class RecommendationRules
{
    /// <summary>Code: a holding above the profile's maximum weight, or the Herfindahl index above its limit.</summary>
    public const string Concentration = "concentration";

    /// <summary>Code: an asset class further from the profile's target than its drift band.</summary>
    public const string AllocationDrift = "allocation_drift";

    /// <summary>Code: two holdings whose daily returns correlate at least <see cref="OverlapCorrelation"/>.</summary>
    public const string Overlap = "overlap";

    /// <summary>Code: a holding whose share of portfolio variance is far above its weight (see <see cref="OutlierRatio"/>).</summary>
    public const string RiskOutlier = "risk_outlier";

    /// <summary>Severity: for information.</summary>
    public const string Info = "info";

    /// <summary>Severity: worth acting on.</summary>
    public const string Warning = "warning";

    /// <summary>Severity: act soon.</summary>
    public const string High = "high";

    /// <summary>Two funds overlap when their daily returns over the risk window correlate at least 0.95.</summary>
    public const double OverlapCorrelation = 0.95;

    /// <summary>A holding is a risk outlier when its share of variance is at least 2 × its weight …</summary>
    public const double OutlierRatio = 2.0;

    /// <summary>… and at least 0.05 (5 points) above its weight, so tiny holdings are not flagged.</summary>
    public const double OutlierExcess = 0.05;

    /// <summary>Concentration is <see cref="High"/> (not <see cref="Warning"/>) when the largest weight or the Herfindahl
    /// index reaches 1.5 × its limit; drift is <see cref="High"/> when some class drifts more than 2 × the band.</summary>
    public const double HighMultiple = 1.5;
}
