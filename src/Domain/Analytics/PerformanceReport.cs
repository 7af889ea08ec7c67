namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The performance node's figures (decimal fractions, unrounded) of the portfolio with today's weights held constant,
/// and of the benchmark alone. 1Y and 3Y use the last 252 and 756 daily returns ending on as-of; null when the history
/// is shorter.
/// </summary>
/// <param name="StartDate">The first date of the common history.</param>
/// <param name="TotalReturn1Y">Π(1 + r_p) − 1 over the last 252 daily returns.</param>
/// <param name="TotalReturn3Y">Π(1 + r_p) − 1 over the last 756 daily returns.</param>
/// <param name="Cagr3Y">(1 + totalReturn3Y)^(1/3) − 1.</param>
/// <param name="TotalReturnSinceStart">Π(1 + r_p) − 1 over all n daily returns since <paramref name="StartDate"/>.</param>
/// <param name="CagrSinceStart">(1 + totalReturnSinceStart)^(252/n) − 1.</param>
/// <param name="Benchmark">The benchmark ticker: VTI.</param>
/// <param name="BenchmarkTotalReturn1Y">The benchmark's 1Y total return.</param>
/// <param name="BenchmarkTotalReturn3Y">The benchmark's 3Y total return.</param>
/// <param name="BenchmarkTotalReturnSinceStart">The benchmark's total return since <paramref name="StartDate"/>.</param>
public sealed record PerformanceReport(
    DateOnly StartDate,
    double? TotalReturn1Y,
    double? TotalReturn3Y,
    double? Cagr3Y,
    double TotalReturnSinceStart,
    double CagrSinceStart,
    string Benchmark,
    double? BenchmarkTotalReturn1Y,
    double? BenchmarkTotalReturn3Y,
    double BenchmarkTotalReturnSinceStart);
