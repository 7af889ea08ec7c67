namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The few sample statistics the analytics need, over spans of daily returns. Written here rather than taken from a
/// library because each is a short loop whose exact definition (n−1 denominators, NumPy's percentile) is the contract,
/// and the hot paths must not allocate.
/// </summary>
internal static class Statistics
{
    /// <summary>Trading days per year, used to annualize daily figures.</summary>
    public const double TradingDaysPerYear = 252;

    public static readonly double SqrtTradingDays = Math.Sqrt(TradingDaysPerYear);

    public static double Mean(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += v;
        }

        return sum / x.Length;
    }

    /// <summary>Sample variance (n−1), two-pass for accuracy. Needs at least two values.</summary>
    public static double SampleVariance(ReadOnlySpan<double> x) => SampleCovariance(x, x);

    /// <summary>Sample covariance (n−1) of two equally long spans. Needs at least two values.</summary>
    public static double SampleCovariance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var mx = Mean(x);
        var my = Mean(y);
        var sum = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            sum += (x[k] - mx) * (y[k] - my);
        }

        return sum / (x.Length - 1);
    }

    /// <summary>The sample covariance (n−1) of <paramref name="x"/> − <paramref name="y"/> with itself, without a buffer.</summary>
    public static (double Mean, double Variance) DifferenceMoments(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var mean = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            mean += x[k] - y[k];
        }

        mean /= x.Length;
        var sum = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            var d = x[k] - y[k] - mean;
            sum += d * d;
        }

        return (mean, sum / (x.Length - 1));
    }

    /// <summary>
    /// The <paramref name="p"/>-quantile (0 ≤ p ≤ 1) of ascending <paramref name="sorted"/> by linear interpolation
    /// between order statistics: h = (n−1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) — NumPy's default method,
    /// Excel's PERCENTILE.INC (Hyndman and Fan's definition 7).
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>Π(1 + r) − 1: the total return of a run of daily returns.</summary>
    public static double Compound(ReadOnlySpan<double> returns)
    {
        var wealth = 1.0;
        foreach (var r in returns)
        {
            wealth *= 1 + r;
        }

        return wealth - 1;
    }

    /// <summary>min over t of W_t ÷ max_(s≤t) W_s − 1 with W_0 = 1, W_t = Π(1 + r): zero or negative.</summary>
    public static double MaxDrawdown(ReadOnlySpan<double> returns)
    {
        var wealth = 1.0;
        var peak = 1.0;
        var worst = 0.0;
        foreach (var r in returns)
        {
            wealth *= 1 + r;
            if (wealth > peak)
            {
                peak = wealth;
            }

            var drawdown = (wealth / peak) - 1;
            if (drawdown < worst)
            {
                worst = drawdown;
            }
        }

        return worst;
    }

    /// <summary>a ÷ b, or 0 when b is zero: the documented answer for a ratio whose spread is zero.</summary>
    public static double RatioOrZero(double a, double b) => b > 0 ? a / b : 0;
}
