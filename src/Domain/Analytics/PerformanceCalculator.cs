using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Analytics;

/// <summary>Computes the performance node's <see cref="PerformanceReport"/> (definitions there and in the public contract).</summary>
public static class PerformanceCalculator
{
    /// <summary>Daily returns in one year: 252.</summary>
    public const int OneYearDays = 252;

    /// <summary>Daily returns in three years: 756.</summary>
    public const int ThreeYearDays = 756;

    /// <summary>Computes the performance figures of <paramref name="portfolio"/> and of the benchmark VTI over the common
    /// history ending on as-of.</summary>
    /// <exception cref="InsufficientHistoryException">Fewer than 60 common daily returns.</exception>
    /// <exception cref="ArgumentException">As-of is not a date of the data on which every holding and VTI have a price.</exception>
    public static PerformanceReport Compute(PricedPortfolio portfolio, MarketDataSet market)
    {
        var history = ReturnHistory.Build(portfolio, market);
        var n = history.Count;
        var rp = history.Portfolio;
        var rb = history.Benchmark;
        var total3Y = TotalReturn(rp, ThreeYearDays);
        var sinceStart = Statistics.Compound(rp);

        return new PerformanceReport(
            history.StartDate,
            TotalReturn(rp, OneYearDays),
            total3Y,
            total3Y is { } t ? Math.Pow(1 + t, 1.0 / 3) - 1 : null,
            sinceStart,
            Math.Pow(1 + sinceStart, Statistics.TradingDaysPerYear / n) - 1,
            MarketDataSet.BenchmarkTicker,
            TotalReturn(rb, OneYearDays),
            TotalReturn(rb, ThreeYearDays),
            Statistics.Compound(rb),
            Days: n,
            MaxDrawdownSinceStart: Statistics.MaxDrawdown(rp),
            CalendarYears: CalendarYears(history),
            DrawdownCurve: DrawdownCurve(history));
    }

    private static double? TotalReturn(double[] returns, int days) =>
        returns.Length >= days ? Statistics.Compound(ReturnHistory.Last(returns, days)) : null;

    private static List<CalendarYearReturn> CalendarYears(ReturnHistory history)
    {
        var years = new List<CalendarYearReturn>();
        var dates = history.Dates;
        var first = 0;
        for (var k = 1; k <= dates.Length; k++)
        {
            if (k < dates.Length && dates[k].Year == dates[first].Year)
            {
                continue;
            }

            var length = k - first;
            var from = first == 0 ? history.StartDate : dates[first - 1];
            years.Add(new CalendarYearReturn(
                dates[first].Year, from, dates[k - 1], length,
                Statistics.Compound(history.Portfolio.AsSpan(first, length)),
                Statistics.Compound(history.Benchmark.AsSpan(first, length))));
            first = k;
        }

        return years;
    }

    private static List<DrawdownPoint> DrawdownCurve(ReturnHistory history)
    {
        var dates = history.Dates;
        var portfolio = Drawdowns(history.Portfolio);
        var benchmark = Drawdowns(history.Benchmark);
        var trough = -1;
        for (var k = 0; k < portfolio.Length; k++)
        {
            if (portfolio[k] < 0 && (trough < 0 || portfolio[k] < portfolio[trough]))
            {
                trough = k;
            }
        }

        var points = new List<DrawdownPoint>(portfolio.Length / 4) { new(history.StartDate, 0, 0) };
        for (var k = 0; k < portfolio.Length; k++)
        {
            var lastOfWeek = k == portfolio.Length - 1 || Week(dates[k + 1]) != Week(dates[k]);
            if (lastOfWeek || k == trough)
            {
                points.Add(new DrawdownPoint(dates[k], portfolio[k], benchmark[k]));
            }
        }

        return points;
    }

    /// <summary>W_t ÷ max_(s≤t) W_s − 1 for each day, W_0 = 1 and W_t = Π(1 + r).</summary>
    private static double[] Drawdowns(double[] returns)
    {
        var drawdowns = new double[returns.Length];
        var (wealth, peak) = (1.0, 1.0);
        for (var k = 0; k < returns.Length; k++)
        {
            wealth *= 1 + returns[k];
            peak = Math.Max(peak, wealth);
            drawdowns[k] = (wealth / peak) - 1;
        }

        return drawdowns;
    }

    /// <summary>Weeks counted from 0001-01-01, a Monday, so a week runs Monday to Sunday.</summary>
    private static int Week(DateOnly date) => date.DayNumber / 7;
}
