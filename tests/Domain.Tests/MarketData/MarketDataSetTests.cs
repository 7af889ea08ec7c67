using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Tests.Analytics;

namespace PortfolioAdvisor.Tests.MarketData;

public sealed class MarketDataSetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("marketdata-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void LoadBundled_HoldsTheTwentyFundsOverTheDocumentedDates()
    {
        var market = TestMarkets.Bundled;

        Assert.Equal(20, market.Tickers.Count);
        Assert.Equal(1259, market.Dates.Length);
        Assert.Equal(new DateOnly(2020, 9, 28), market.Dates[0]);
        Assert.Equal(new DateOnly(2025, 10, 1), market.Dates[^1]);
        foreach (var ticker in market.Tickers)
        {
            Assert.DoesNotContain(market.GetPrices(ticker).ToArray(), double.IsNaN);
        }
    }

    [Fact]
    public void LoadBundled_AlignsEachCsvRowWithItsDate()
    {
        var market = TestMarkets.Bundled;
        var rows = File.ReadLines(Path.Combine(TestMarkets.DataDirectory, "prices.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        foreach (var row in new[] { rows[0], rows[12_345], rows[^1] })
        {
            var date = DateOnly.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), market.GetPrices(row[1])[market.IndexOfDate(date)]);
        }
    }

    [Fact]
    public void TryGetFund_DescribesAFund_When_TickerIsKnownInAnyCase()
    {
        Assert.True(TestMarkets.Bundled.TryGetFund("vea", out var fund));
        Assert.Equal(new FundInfo("VEA", "Vanguard FTSE Developed Markets ETF", "intl_equity"), fund);
        Assert.True(TestMarkets.Bundled.Contains("bil"));
        Assert.False(TestMarkets.Bundled.TryGetFund("ZZQX", out _));
        Assert.Throws<KeyNotFoundException>(() => TestMarkets.Bundled.GetPrices("ZZQX").Length);
    }

    [Fact]
    public void Load_LeavesNaN_When_ATickerHasNoPriceOnADate()
    {
        Write("ticker,name,assetClass\nAAA,Fund A,bonds\nBBB,Fund B,cash\n",
            "date,ticker,adj_close\n2024-01-03,AAA,10.5\n2024-01-02,AAA,10\n2024-01-02,BBB,20\n");

        var market = MarketDataSet.Load(directory);

        Assert.Equal([new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3)], market.Dates.ToArray());
        Assert.Equal([10, 10.5], market.GetPrices("AAA").ToArray());
        Assert.Equal(20, market.GetPrices("BBB")[0]);
        Assert.True(double.IsNaN(market.GetPrices("BBB")[1]));
    }

    [Theory]
    [InlineData("date,ticker,adj_close\n2024-01-02,AAA,10\n2024-01-02,AAA,11\n", "second price")]
    [InlineData("date,ticker,adj_close\n2024-01-02,AAA,-10\n", "positive")]
    [InlineData("date,ticker,adj_close\n2024-01-02,ZZZ,10\n", "not in tickers.csv")]
    [InlineData("date,ticker,adj_close\n02/01/2024,AAA,10\n", "yyyy-MM-dd")]
    [InlineData("date,ticker\n2024-01-02,AAA\n", "adj_close")]
    public void Load_ThrowsInvalidData_When_PricesAreMalformed(string prices, string reason)
    {
        Write("ticker,name,assetClass\nAAA,Fund A,bonds\n", prices);

        var error = Assert.Throws<InvalidDataException>(() => MarketDataSet.Load(directory));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Rejects_When_DatesAreNotAscending()
    {
        DateOnly[] dates = [new(2024, 1, 3), new(2024, 1, 2)];

        Assert.Throws<ArgumentException>(() => new MarketDataSet(dates, [new FundInfo("A", "A", "cash")], [[1.0, 1.0]]));
    }

    [Fact]
    public void AddMarketData_RegistersTheBundledDataAsASingleton()
    {
        var services = new ServiceCollection();
        var builder = new Mock<IHostApplicationBuilder>();
        builder.SetupGet(b => b.Services).Returns(services);

        builder.Object.AddMarketData();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(MarketDataSet));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        var market = Assert.IsType<MarketDataSet>(descriptor.ImplementationInstance);
        Assert.Equal(20, market.Tickers.Count);
    }

    private void Write(string tickers, string prices)
    {
        File.WriteAllText(Path.Combine(directory, "tickers.csv"), tickers);
        File.WriteAllText(Path.Combine(directory, "prices.csv"), prices);
    }
}
