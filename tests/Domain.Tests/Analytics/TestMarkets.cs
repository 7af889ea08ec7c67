using System.Text.Json;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>Market data for tests: the bundled set (loaded once) and small generated sets.</summary>
internal static class TestMarkets
{
    private static readonly Lazy<MarketDataSet> BundledSet = new(MarketDataSet.LoadBundled);

    public static MarketDataSet Bundled => BundledSet.Value;

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The holdings of <c>data/portfolios/example.json</c>.</summary>
    public static IReadOnlyList<HoldingInput> ExampleHoldings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDirectory, "portfolios", "example.json")));
        return [.. document.RootElement.GetProperty("holdings").EnumerateArray().Select(h => new HoldingInput(
            h.GetProperty("ticker").GetString()!,
            h.GetProperty("shares").GetDouble(),
            h.TryGetProperty("costBasis", out var cost) ? cost.GetDouble() : null))];
    }

    /// <summary><paramref name="count"/> consecutive weekdays from 2024-01-01 (a Monday).</summary>
    public static DateOnly[] Weekdays(int count, DateOnly? from = null)
    {
        var dates = new List<DateOnly>(count);
        for (var d = from ?? new DateOnly(2024, 1, 1); dates.Count < count; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            {
                dates.Add(d);
            }
        }

        return [.. dates];
    }

    /// <summary>Prices starting at <paramref name="start"/> that then move by each of <paramref name="returns"/>.</summary>
    public static double[] FromReturns(double start, IEnumerable<double> returns)
    {
        var prices = new List<double> { start };
        foreach (var r in returns)
        {
            prices.Add(prices[^1] * (1 + r));
        }

        return [.. prices];
    }

    /// <summary>Returns alternating +2 %, −1 %, <paramref name="count"/> of them (count even).</summary>
    public static double[] Alternating(int count) => [.. Enumerable.Range(0, count).Select(k => k % 2 == 0 ? 0.02 : -0.01)];

    public static MarketDataSet Create(DateOnly[] dates, params (string Ticker, string AssetClass, double[] Prices)[] funds) =>
        new(dates, [.. funds.Select(f => new FundInfo(f.Ticker, f.Ticker + " fund", f.AssetClass))], [.. funds.Select(f => f.Prices)]);

    /// <summary>Serializes as the wire does; System.Text.Json refuses NaN and infinities there, so this fails on them.</summary>
    public static string ToWireJson<T>(T value) => JsonSerializer.Serialize(value, EventJson.Options);
}
