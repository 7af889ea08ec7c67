using System.Numerics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Analytics;

/// <summary>Computes the risk node's <see cref="RiskReport"/> (definitions there and in the public contract).</summary>
public static class RiskCalculator
{
    /// <summary>The longest risk window: 756 daily returns (three years of 252 trading days).</summary>
    public const int RiskWindowDays = 756;

    /// <summary>The tail probability of value at risk and conditional value at risk: 5 %.</summary>
    public const double TailProbability = 0.05;

    /// <summary>
    /// Computes the risk figures of <paramref name="portfolio"/> over its risk window: the last min(756, n) of the n daily
    /// returns of its common history (the longest run of consecutive dates ending on as-of on which every holding and
    /// the benchmark VTI have a price).
    /// </summary>
    /// <exception cref="InsufficientHistoryException">Fewer than 60 common daily returns.</exception>
    /// <exception cref="ArgumentException">As-of is not a date of the data on which every holding and VTI have a price.</exception>
    public static RiskReport Compute(PricedPortfolio portfolio, MarketDataSet market)
    {
        var history = ReturnHistory.Build(portfolio, market);
        var days = Math.Min(RiskWindowDays, history.Count);
        var rp = ReturnHistory.Last(history.Portfolio, days);
        var rb = ReturnHistory.Last(history.Benchmark, days);
        var rf = ReturnHistory.Last(history.RiskFree, days);

        var variance = Statistics.SampleVariance(rp);
        var (valueAtRisk, conditionalValueAtRisk) = Tail(rp);
        var (excessMean, excessVariance) = Statistics.DifferenceMoments(rp, rf);
        var (activeMean, activeVariance) = Statistics.DifferenceMoments(rp, rb);
        var trackingError = Math.Sqrt(activeVariance) * Statistics.SqrtTradingDays;
        var (herfindahl, largest) = Concentration(history.Weights);
        var (correlations, contributions) = Dependence(portfolio, history, days, variance);

        return new RiskReport(
            days,
            Math.Sqrt(variance) * Statistics.SqrtTradingDays,
            Statistics.MaxDrawdown(rp),
            valueAtRisk,
            conditionalValueAtRisk,
            Statistics.RatioOrZero(Statistics.SampleCovariance(rp, rb), Statistics.SampleVariance(rb)),
            MarketDataSet.BenchmarkTicker,
            Statistics.RatioOrZero(excessMean, Math.Sqrt(excessVariance)) * Statistics.SqrtTradingDays,
            MarketDataSet.RiskFreeTicker,
            herfindahl,
            largest,
            SortinoRatio: Statistics.RatioOrZero(excessMean, DownsideDeviation(rp, rf)) * Statistics.SqrtTradingDays,
            TrackingError: trackingError,
            InformationRatio: Statistics.RatioOrZero(activeMean * Statistics.TradingDaysPerYear, trackingError),
            UpCapture: Capture(rp, rb, up: true),
            DownCapture: Capture(rp, rb, up: false),
            Correlations: correlations,
            Contributions: contributions,
            AssetClassWeights: AssetClassWeights(portfolio));
    }

    private static (double ValueAtRisk, double ConditionalValueAtRisk) Tail(ReadOnlySpan<double> rp)
    {
        var sorted = rp.ToArray();
        Array.Sort(sorted);
        var quantile = Statistics.Percentile(sorted, TailProbability);
        var sum = 0.0;
        var count = 0;
        while (count < sorted.Length && sorted[count] <= quantile)
        {
            sum += sorted[count++];
        }

        return (-quantile, -(sum / count));
    }

    private static double DownsideDeviation(ReadOnlySpan<double> rp, ReadOnlySpan<double> rf)
    {
        var sum = 0.0;
        for (var k = 0; k < rp.Length; k++)
        {
            var shortfall = Math.Min(0, rp[k] - rf[k]);
            sum += shortfall * shortfall;
        }

        return Math.Sqrt(sum / rp.Length);
    }

    private static double? Capture(ReadOnlySpan<double> rp, ReadOnlySpan<double> rb, bool up)
    {
        var (sumP, sumB, count) = (0.0, 0.0, 0);
        for (var k = 0; k < rp.Length; k++)
        {
            if (up ? rb[k] > 0 : rb[k] < 0)
            {
                sumP += rp[k];
                sumB += rb[k];
                count++;
            }
        }

        return count == 0 ? null : sumP / sumB;
    }

    private static (double Herfindahl, double Largest) Concentration(double[] weights)
    {
        var (herfindahl, largest) = (0.0, 0.0);
        foreach (var w in weights)
        {
            herfindahl += w * w;
            largest = Math.Max(largest, w);
        }

        return (herfindahl, largest);
    }

    private static (CorrelationMatrix, VarianceContribution[]) Dependence(PricedPortfolio portfolio, ReturnHistory history, int days, double variance)
    {
        var count = history.Assets.Length;
        var centered = new double[count][];
        var norms = new double[count];
        for (var i = 0; i < count; i++)
        {
            centered[i] = Centered(ReturnHistory.Last(history.Assets[i], days), out norms[i]);
        }

        var portfolioCentered = Centered(ReturnHistory.Last(history.Portfolio, days), out _);
        var matrix = new double[count][];
        var contributions = new VarianceContribution[count];
        for (var i = 0; i < count; i++)
        {
            matrix[i] = new double[count];
        }

        for (var i = 0; i < count; i++)
        {
            matrix[i][i] = 1;
            for (var j = i + 1; j < count; j++)
            {
                var denominator = norms[i] * norms[j];
                var correlation = denominator > 0 ? Math.Clamp(Dot(centered[i], centered[j]) / denominator, -1, 1) : 0;
                matrix[i][j] = correlation;
                matrix[j][i] = correlation;
            }

            var covariance = Dot(centered[i], portfolioCentered) / (days - 1);
            var weight = history.Weights[i];
            contributions[i] = new VarianceContribution(
                portfolio.Holdings[i].Ticker, weight, Statistics.RatioOrZero(weight * covariance, variance));
        }

        var tickers = new string[count];
        for (var i = 0; i < count; i++)
        {
            tickers[i] = portfolio.Holdings[i].Ticker;
        }

        return (new CorrelationMatrix(tickers, matrix), contributions);
    }

    private static double[] Centered(ReadOnlySpan<double> x, out double norm)
    {
        var mean = Statistics.Mean(x);
        var centered = new double[x.Length];
        var sum = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            var d = x[k] - mean;
            centered[k] = d;
            sum += d * d;
        }

        norm = Math.Sqrt(sum);
        return centered;
    }

    /// <remarks>SIMD: the correlation matrix is n² dot products, the one part of the analysis that grows with the square
    /// of the holdings.</remarks>
    private static double Dot(double[] a, double[] b)
    {
        var width = Vector<double>.Count;
        var lanes = Vector<double>.Zero;
        var k = 0;
        for (; k <= a.Length - width; k += width)
        {
            lanes += new Vector<double>(a, k) * new Vector<double>(b, k);
        }

        var sum = Vector.Sum(lanes);
        for (; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    private static Dictionary<string, double> AssetClassWeights(PricedPortfolio portfolio)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var holding in portfolio.Holdings)
        {
            weights[holding.AssetClass] = weights.GetValueOrDefault(holding.AssetClass) + holding.Weight;
        }

        return weights;
    }
}
