namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The risk node's figures over the risk window (the last <paramref name="LookbackDays"/> portfolio daily returns ending
/// on as-of; at most 756), with today's weights held constant. All are decimal fractions, unrounded; daily returns are
/// simple returns on consecutive trading days of the common history. Definitions: the public contract and
/// <c>docs/analytics.md</c>. A ratio whose denominator (a spread) is zero is 0, never NaN or infinity.
/// </summary>
/// <param name="LookbackDays">Number of daily returns in the risk window.</param>
/// <param name="AnnualizedVolatility">Sample standard deviation (n−1) of daily portfolio returns × √252.</param>
/// <param name="MaxDrawdown">min over t of W_t ÷ max_(s≤t) W_s − 1, W_0 = 1: zero or negative.</param>
/// <param name="ValueAtRisk95">−(5th percentile of daily returns), linear interpolation (NumPy default): a positive one-day loss.</param>
/// <param name="ConditionalValueAtRisk95">−(mean of the daily returns ≤ that 5th percentile).</param>
/// <param name="Beta">Sample covariance(r_p, r_b) ÷ sample variance(r_b), r_b the benchmark's daily returns; 0 when the
/// benchmark's variance is zero.</param>
/// <param name="Benchmark">The benchmark ticker: VTI.</param>
/// <param name="SharpeRatio">mean(r_p − r_f) ÷ sample stdev(r_p − r_f) × √252, r_f the daily return of the risk-free
/// proxy (0 on a day it has no price); 0 when that stdev is zero.</param>
/// <param name="RiskFree">The risk-free proxy ticker: BIL.</param>
/// <param name="HerfindahlIndex">Σ weight².</param>
/// <param name="LargestWeight">max weight.</param>
/// <param name="SortinoRatio">mean(r_p − r_f) ÷ downside deviation × √252, downside deviation =
/// √(Σ min(0, r_p − r_f)² ÷ n) over all n days of the window (target: the risk-free return); 0 when it is zero.</param>
/// <param name="TrackingError">Sample stdev(r_p − r_b) × √252: annualized.</param>
/// <param name="InformationRatio">mean(r_p − r_b) ÷ sample stdev(r_p − r_b) × √252; 0 when the stdev is zero.</param>
/// <param name="UpCapture">mean(r_p) ÷ mean(r_b) over the window's days with r_b &gt; 0 (daily, not compounded); null
/// when there is no such day.</param>
/// <param name="DownCapture">mean(r_p) ÷ mean(r_b) over the window's days with r_b &lt; 0; null when there is no such day.</param>
/// <param name="Correlations">Pearson correlations of the holdings' daily returns over the window.</param>
/// <param name="Contributions">Each holding's share of the variance of r_p over the window; the shares sum to 1.</param>
/// <param name="AssetClassWeights">Σ weight of the holdings of each asset class (asset class → decimal fraction), in
/// order of first appearance among the holdings.</param>
public sealed record RiskReport(
    int LookbackDays,
    double AnnualizedVolatility,
    double MaxDrawdown,
    double ValueAtRisk95,
    double ConditionalValueAtRisk95,
    double Beta,
    string Benchmark,
    double SharpeRatio,
    string RiskFree,
    double HerfindahlIndex,
    double LargestWeight,
    double? SortinoRatio = null,
    double? TrackingError = null,
    double? InformationRatio = null,
    double? UpCapture = null,
    double? DownCapture = null,
    CorrelationMatrix? Correlations = null,
    IReadOnlyList<VarianceContribution>? Contributions = null,
    IReadOnlyDictionary<string, double>? AssetClassWeights = null);
