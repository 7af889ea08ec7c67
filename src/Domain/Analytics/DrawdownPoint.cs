using System.Text.Json.Serialization;

namespace PortfolioAdvisor.Analytics;

// A value type: a run's curve (~260 weekly points) is then one array the garbage collector neither traces nor counts
// point by point; as objects, 1,000 running analyses held 263,000 of them while their replies streamed
// (docs/performance.md). JsonRequired keeps the three fields required, as they were for the record class's constructor.

/// <summary>
/// A point of the drawdown curve: on <paramref name="Date"/>, the portfolio stood <paramref name="Drawdown"/> below its
/// highest value so far, and the benchmark <paramref name="BenchmarkDrawdown"/> below its own (decimal fractions, zero
/// or negative; W_t ÷ max_(s≤t) W_s − 1 over the common history).
/// </summary>
public readonly record struct DrawdownPoint(
    [property: JsonRequired] DateOnly Date,
    [property: JsonRequired] double Drawdown,
    [property: JsonRequired] double BenchmarkDrawdown);
