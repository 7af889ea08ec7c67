namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The risk node's figures over the risk window (the last <paramref name="LookbackDays"/> portfolio daily returns ending
/// on as-of; at most 756). All are decimal fractions, unrounded. Definitions: <c>docs/protocol.md</c> and the public contract.
/// </summary>
/// <param name="LookbackDays">Number of daily returns in the risk window.</param>
/// <param name="AnnualizedVolatility">Sample standard deviation (n−1) of daily portfolio returns × √252.</param>
/// <param name="MaxDrawdown">min over t of W_t ÷ max_(s≤t) W_s − 1, W_0 = 1: zero or negative.</param>
/// <param name="ValueAtRisk95">−(5th percentile of daily returns), linear interpolation (NumPy default): a positive one-day loss.</param>
/// <param name="ConditionalValueAtRisk95">−(mean of the daily returns ≤ that 5th percentile).</param>
/// <param name="Beta">Sample covariance(r_p, r_b) ÷ sample variance(r_b), r_b the benchmark's daily returns.</param>
/// <param name="Benchmark">The benchmark ticker: VTI.</param>
/// <param name="SharpeRatio">mean(r_p − r_f) ÷ sample stdev(r_p − r_f) × √252, r_f the daily return of the risk-free proxy.</param>
/// <param name="RiskFree">The risk-free proxy ticker: BIL.</param>
/// <param name="HerfindahlIndex">Σ weight².</param>
/// <param name="LargestWeight">max weight.</param>
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
    double LargestWeight);
