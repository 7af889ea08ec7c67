namespace PortfolioAdvisor.Analytics;

/// <summary>
/// A point of the drawdown curve: on <paramref name="Date"/>, the portfolio stood <paramref name="Drawdown"/> below its
/// highest value so far, and the benchmark <paramref name="BenchmarkDrawdown"/> below its own (decimal fractions, zero
/// or negative; W_t ÷ max_(s≤t) W_s − 1 over the common history).
/// </summary>
public sealed record DrawdownPoint(DateOnly Date, double Drawdown, double BenchmarkDrawdown);
