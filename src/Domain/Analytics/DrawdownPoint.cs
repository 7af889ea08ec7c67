namespace PortfolioAdvisor.Analytics;

/// <summary>
/// A point of the drawdown curve: on <paramref name="Date"/>, the portfolio stood <paramref name="Drawdown"/> below its
/// highest value so far, and the benchmark <paramref name="BenchmarkDrawdown"/> below its own (decimal fractions, zero
/// or negative; W_t ÷ max_(s≤t) W_s − 1 over the common history). A value type: a run's curve (~260 weekly points) is
/// then one array the garbage collector neither traces nor counts point by point; as objects, 1,000 running analyses
/// held 263,000 of them through every collection while their replies streamed (docs/performance.md).
/// </summary>
public readonly record struct DrawdownPoint(DateOnly Date, double Drawdown, double BenchmarkDrawdown);
