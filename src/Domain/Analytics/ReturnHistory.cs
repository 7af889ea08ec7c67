using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The daily simple returns r = P_t ÷ P_(t−1) − 1 of a priced portfolio's common history: the longest run of
/// consecutive dates of the market data, ending on as-of, on which every holding and the benchmark have a price (a
/// day without a price for one of them ends the run, so no return spans a gap). Return k is dated
/// <see cref="Dates"/>[k], its later day. The portfolio return is r_p = Σ w_i · r_i with today's weights.
/// </summary>
internal sealed class ReturnHistory
{
    private ReturnHistory(DateOnly startDate, DateOnly[] dates, double[] weights, double[][] assets, double[] portfolio, double[] benchmark, double[] riskFree)
    {
        StartDate = startDate;
        Dates = dates;
        Weights = weights;
        Assets = assets;
        Portfolio = portfolio;
        Benchmark = benchmark;
        RiskFree = riskFree;
    }

    /// <summary>The first date of the common history (the base of the first return).</summary>
    public DateOnly StartDate { get; }

    public DateOnly[] Dates { get; }

    public double[] Weights { get; }

    /// <summary>Each holding's daily returns, in the portfolio's holding order.</summary>
    public double[][] Assets { get; }

    public double[] Portfolio { get; }

    public double[] Benchmark { get; }

    /// <summary>The risk-free proxy's daily returns; 0 on a day either of whose prices it lacks, or when the data has no proxy.</summary>
    public double[] RiskFree { get; }

    public int Count => Portfolio.Length;

    /// <exception cref="InsufficientHistoryException">Fewer than 60 returns.</exception>
    /// <exception cref="ArgumentException">As-of is not a date of the data, or a holding or the benchmark has no price on it.</exception>
    public static ReturnHistory Build(PricedPortfolio portfolio, MarketDataSet market)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(market);
        var holdings = portfolio.Holdings;
        var end = market.IndexOfDate(portfolio.AsOf);
        if (end < 0)
        {
            throw new ArgumentException($"As-of {portfolio.AsOf:yyyy-MM-dd} is not a date of the market data.", nameof(portfolio));
        }

        var series = new double[holdings.Count + 1][];
        for (var i = 0; i < holdings.Count; i++)
        {
            series[i] = market.GetPriceArray(holdings[i].Ticker);
        }

        series[^1] = market.GetPriceArray(MarketDataSet.BenchmarkTicker);
        if (!AllPriced(series, end))
        {
            throw new ArgumentException($"A holding or the benchmark has no price on as-of {portfolio.AsOf:yyyy-MM-dd}.", nameof(portfolio));
        }

        var start = end;
        while (start > 0 && AllPriced(series, start - 1))
        {
            start--;
        }

        var n = end - start;
        if (n < InsufficientHistoryException.MinimumDays)
        {
            throw new InsufficientHistoryException(n);
        }

        var weights = new double[holdings.Count];
        var assets = new double[holdings.Count][];
        var portfolioReturns = new double[n];
        for (var i = 0; i < holdings.Count; i++)
        {
            weights[i] = holdings[i].Weight;
            assets[i] = Returns(series[i], start, n);
            var r = assets[i];
            var w = weights[i];
            for (var k = 0; k < n; k++)
            {
                portfolioReturns[k] += w * r[k];
            }
        }

        var riskFree = new double[n];
        if (market.Contains(MarketDataSet.RiskFreeTicker))
        {
            var bill = market.GetPrices(MarketDataSet.RiskFreeTicker);
            for (var k = 0; k < n; k++)
            {
                var (p0, p1) = (bill[start + k], bill[start + k + 1]);
                riskFree[k] = double.IsNaN(p0) || double.IsNaN(p1) ? 0 : (p1 / p0) - 1;
            }
        }

        var dates = market.Dates.Slice(start + 1, n).ToArray();
        return new ReturnHistory(market.Dates[start], dates, weights, assets, portfolioReturns, Returns(series[^1], start, n), riskFree);
    }

    /// <summary>The last <paramref name="length"/> values of <paramref name="values"/>.</summary>
    public static ReadOnlySpan<double> Last(double[] values, int length) => values.AsSpan(values.Length - length);

    private static double[] Returns(double[] prices, int start, int n)
    {
        var returns = new double[n];
        for (var k = 0; k < n; k++)
        {
            returns[k] = (prices[start + k + 1] / prices[start + k]) - 1;
        }

        return returns;
    }

    private static bool AllPriced(double[][] series, int t)
    {
        foreach (var prices in series)
        {
            if (double.IsNaN(prices[t]))
            {
                return false;
            }
        }

        return true;
    }
}
