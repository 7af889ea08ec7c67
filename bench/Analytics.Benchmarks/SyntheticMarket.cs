using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>
/// Ten years of daily prices for any number of funds, generated deterministically: each fund is a seeded geometric
/// random walk (the bundled data has 20 funds over five years, too few for the 100- and 500-holding cases). The
/// benchmark (VTI) and risk-free (BIL) series the analytics need are included.
/// </summary>
public static class SyntheticMarket
{
    /// <summary>Weekdays in ten years, close to the ~2,520 trading days of ten real years.</summary>
    public const int Days = 2_610;

    /// <summary>A market of <paramref name="funds"/> funds (tickers F0000…) plus VTI and BIL, seeded by <paramref name="seed"/>.</summary>
    public static MarketDataSet Create(int funds, int seed = 42)
    {
        var random = new Random(seed);
        var dates = new List<DateOnly>(Days);
        for (var day = new DateOnly(2015, 1, 1); dates.Count < Days; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                dates.Add(day);
            }
        }

        var infos = new List<FundInfo>
        {
            new(MarketDataSet.BenchmarkTicker, "Total market (synthetic)", "US Equity"),
            new(MarketDataSet.RiskFreeTicker, "T-bills (synthetic)", "Cash"),
        };
        var prices = new List<double[]> { Walk(random, 0.0004, 0.011), Walk(random, 0.00008, 0.0002) };
        string[] classes = ["US Equity", "International Equity", "Bonds", "Real Estate"];
        for (var i = 0; i < funds; i++)
        {
            infos.Add(new FundInfo($"F{i:D4}", $"Synthetic fund {i}", classes[i % classes.Length]));
            prices.Add(Walk(random, 0.0003, 0.006 + (0.012 * random.NextDouble())));
        }

        return new MarketDataSet(dates, infos, prices);
    }

    /// <summary>Equal-value holdings of the first <paramref name="count"/> synthetic funds, priced on the last day.</summary>
    public static PricedPortfolio Portfolio(MarketDataSet market, int count)
    {
        ArgumentNullException.ThrowIfNull(market);
        var holdings = Enumerable.Range(0, count)
            .Select(i => new HoldingInput($"F{i:D4}", 10_000 / market.GetPrices($"F{i:D4}")[^1]))
            .ToList();
        return PortfolioPricer.Price(holdings, market);
    }

    /// <summary>Daily log-normal steps with drift <paramref name="mu"/> and volatility <paramref name="sigma"/> (per day), from 100 USD.</summary>
    private static double[] Walk(Random random, double mu, double sigma)
    {
        var series = new double[Days];
        var price = 100.0;
        for (var t = 0; t < Days; t++)
        {
            // Box–Muller: a standard normal from two uniforms.
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            price *= Math.Exp(mu - (sigma * sigma / 2) + (sigma * z));
            series[t] = price;
        }

        return series;
    }
}
