namespace PortfolioAdvisor.Analytics;

/// <summary>
/// One calendar year's total returns Π(1 + r) − 1 (decimal fractions) of the portfolio (today's weights) and of the
/// benchmark, over the <paramref name="Days"/> daily returns dated in <paramref name="Year"/>: from the close of
/// <paramref name="From"/> (the last date before the year's first return: the prior year's last trading day, or the
/// start of the common history) to the close of <paramref name="To"/>.
/// </summary>
public sealed record CalendarYearReturn(int Year, DateOnly From, DateOnly To, int Days, double Portfolio, double Benchmark);
