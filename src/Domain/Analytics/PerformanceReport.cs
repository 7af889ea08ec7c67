namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The performance node's figures (decimal fractions, unrounded) of the portfolio with today's weights held constant,
/// and of the benchmark alone, over the common history (the longest run of consecutive dates ending on as-of on which
/// every holding and the benchmark have a price). 1Y and 3Y use the last 252 and 756 daily returns ending on as-of;
/// null when the history is shorter.
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
/// <param name="Days">n: the number of daily returns since <paramref name="StartDate"/>.</param>
/// <param name="MaxDrawdownSinceStart">The maximum drawdown of r_p over all n returns (as <c>risk.maxDrawdown</c>, over
/// the whole common history rather than the risk window): zero or negative.</param>
/// <param name="CalendarYears">Π(1 + r) − 1 of the portfolio and of the benchmark over the returns dated in each calendar
/// year of the common history, oldest first; the first and last years may be partial (see their dates).</param>
/// <param name="DrawdownCurve">W_t ÷ max_(s≤t) W_s − 1 of the portfolio since <paramref name="StartDate"/> (W = 1 on it),
/// sampled for charts: the start date, the last trading day of each week (Monday to Sunday), and the day of the deepest
/// drawdown, oldest first.</param>
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
    double BenchmarkTotalReturnSinceStart,
    int? Days = null,
    double? MaxDrawdownSinceStart = null,
    IReadOnlyList<CalendarYearReturn>? CalendarYears = null,
    IReadOnlyList<DrawdownPoint>? DrawdownCurve = null)
{
    /// <summary>
    /// The same figures without <see cref="DrawdownCurve"/>, most of the report's JSON: for the later nodes, a turn's
    /// analysis and the tools' results, which read the figures and travel in every Durable message.
    /// </summary>
    public PerformanceReport WithoutDrawdownCurve() => this with { DrawdownCurve = null };
}
