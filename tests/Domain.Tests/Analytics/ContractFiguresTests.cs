using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;
using static PortfolioAdvisor.Tests.Analytics.ReferenceAnalytics;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>Every contract figure of <c>data/portfolios/example.json</c>, checked against <see cref="ReferenceAnalytics"/>.</summary>
public sealed class ContractFiguresTests
{
    private const double Tolerance = 1e-9;
    private static readonly double Annualizer = Math.Sqrt(252);

    private readonly PricedPortfolio portfolio;
    private readonly RiskReport risk;
    private readonly PerformanceReport performance;
    private readonly ReferenceAnalytics reference;

    public ContractFiguresTests()
    {
        var holdings = TestMarkets.ExampleHoldings();
        portfolio = PortfolioPricer.Price(holdings, TestMarkets.Bundled);
        risk = RiskCalculator.Compute(portfolio, TestMarkets.Bundled);
        performance = PerformanceCalculator.Compute(portfolio, TestMarkets.Bundled);
        reference = new ReferenceAnalytics(Path.Combine(TestMarkets.DataDirectory, "prices.csv"));
        reference.Analyse([.. holdings.Select(h => (h.Ticker, h.Shares))]);
    }

    [Fact]
    public void Price_MatchesReference_When_ExamplePortfolio()
    {
        Assert.Equal(reference.AsOf, portfolio.AsOf);
        Assert.Equal(new DateOnly(2025, 10, 1), portfolio.AsOf);
        Assert.Equal("USD", portfolio.BaseCurrency);
        AssertClose(reference.TotalValue, portfolio.TotalValue);
        foreach (var holding in portfolio.Holdings)
        {
            AssertClose(reference.Price[holding.Ticker], holding.Price);
            AssertClose(reference.Weight[holding.Ticker], holding.Weight);
            AssertClose(holding.Shares * holding.Price, holding.MarketValue);
        }

        AssertClose(1.0, portfolio.Holdings.Sum(h => h.Weight));
    }

    [Fact]
    public void Compute_MatchesReferenceForEveryContractRiskFigure_When_ExamplePortfolio()
    {
        var rp = Tail(reference.PortfolioReturns, 756);
        var rb = Tail(reference.BenchmarkReturns, 756);
        var excess = Minus(rp, Tail(reference.BillReturns, 756));
        var q5 = Percentile(rp, 5);

        Assert.Equal(756, risk.LookbackDays);
        AssertClose(StdDev(rp) * Annualizer, risk.AnnualizedVolatility);
        AssertClose(MaxDrawdown(rp), risk.MaxDrawdown);
        AssertClose(-q5, risk.ValueAtRisk95);
        AssertClose(-Mean(rp.Where(r => r <= q5).ToList()), risk.ConditionalValueAtRisk95);
        AssertClose(Covariance(rp, rb) / Covariance(rb, rb), risk.Beta);
        AssertClose(Mean(excess) / StdDev(excess) * Annualizer, risk.SharpeRatio);
        AssertClose(reference.Weight.Values.Sum(w => w * w), risk.HerfindahlIndex);
        AssertClose(reference.Weight.Values.Max(), risk.LargestWeight);
        Assert.Equal("VTI", risk.Benchmark);
        Assert.Equal("BIL", risk.RiskFree);
    }

    [Fact]
    public void Compute_MatchesReferenceForEveryContractPerformanceFigure_When_ExamplePortfolio()
    {
        var rp = reference.PortfolioReturns;
        var rb = reference.BenchmarkReturns;
        var threeYear = Growth(Tail(rp, 756));

        Assert.Equal(reference.StartDate, performance.StartDate);
        Assert.Equal(new DateOnly(2020, 9, 28), performance.StartDate);
        AssertClose(Growth(Tail(rp, 252)), performance.TotalReturn1Y!.Value);
        AssertClose(threeYear, performance.TotalReturn3Y!.Value);
        AssertClose(Math.Pow(1 + threeYear, 1.0 / 3) - 1, performance.Cagr3Y!.Value);
        AssertClose(Growth(rp), performance.TotalReturnSinceStart);
        AssertClose(Math.Pow(1 + Growth(rp), 252.0 / rp.Count) - 1, performance.CagrSinceStart);
        Assert.Equal("VTI", performance.Benchmark);
        AssertClose(Growth(Tail(rb, 252)), performance.BenchmarkTotalReturn1Y!.Value);
        AssertClose(Growth(Tail(rb, 756)), performance.BenchmarkTotalReturn3Y!.Value);
        AssertClose(Growth(rb), performance.BenchmarkTotalReturnSinceStart);
        Assert.Equal(rp.Count, performance.Days);
        AssertClose(MaxDrawdown(rp), performance.MaxDrawdownSinceStart!.Value);
    }

    [Fact]
    public void Compute_MatchesReferenceForTheFiguresBeyondTheContract_When_ExamplePortfolio()
    {
        var rp = Tail(reference.PortfolioReturns, 756);
        var rb = Tail(reference.BenchmarkReturns, 756);
        var excess = Minus(rp, Tail(reference.BillReturns, 756));
        var active = Minus(rp, rb);
        var downside = Math.Sqrt(excess.Sum(e => e < 0 ? e * e : 0) / excess.Count);
        var up = Enumerable.Range(0, rb.Count).Where(k => rb[k] > 0).ToList();
        var down = Enumerable.Range(0, rb.Count).Where(k => rb[k] < 0).ToList();

        AssertClose(Mean(excess) / downside * Annualizer, risk.SortinoRatio!.Value);
        AssertClose(StdDev(active) * Annualizer, risk.TrackingError!.Value);
        AssertClose(Mean(active) / StdDev(active) * Annualizer, risk.InformationRatio!.Value);
        AssertClose(up.Average(k => rp[k]) / up.Average(k => rb[k]), risk.UpCapture!.Value);
        AssertClose(down.Average(k => rp[k]) / down.Average(k => rb[k]), risk.DownCapture!.Value);

        foreach (var a in portfolio.Holdings)
        {
            var ra = Tail(reference.AssetReturns[a.Ticker], 756);
            var contribution = risk.Contributions!.Single(c => c.Ticker == a.Ticker);
            AssertClose(reference.Weight[a.Ticker] * Covariance(ra, rp) / Covariance(rp, rp), contribution.ShareOfVariance);
            foreach (var b in portfolio.Holdings)
            {
                var rbAsset = Tail(reference.AssetReturns[b.Ticker], 756);
                var correlation = Covariance(ra, rbAsset) / (StdDev(ra) * StdDev(rbAsset));
                Assert.Equal(correlation, risk.Correlations!.Get(a.Ticker, b.Ticker)!.Value, 1e-12);
            }
        }

        AssertClose(1.0, risk.Contributions!.Sum(c => c.ShareOfVariance));
    }

    [Fact]
    public void Compute_CompoundsCalendarYearsToTheTotalReturn_When_ExamplePortfolio()
    {
        var years = performance.CalendarYears!;
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025], years.Select(y => y.Year));
        Assert.Equal(reference.PortfolioReturns.Count, years.Sum(y => y.Days));
        AssertClose(1 + performance.TotalReturnSinceStart, years.Aggregate(1.0, (w, y) => w * (1 + y.Portfolio)));
        AssertClose(1 + performance.BenchmarkTotalReturnSinceStart, years.Aggregate(1.0, (w, y) => w * (1 + y.Benchmark)));
        Assert.Equal(new DateOnly(2020, 12, 31), years[1].From);
        Assert.Equal(new DateOnly(2021, 12, 31), years[1].To);
    }

    [Fact]
    public void Compute_SamplesTheDrawdownCurveWeeklyWithItsTrough_When_ExamplePortfolio()
    {
        var curve = performance.DrawdownCurve!;
        Assert.Equal(new DrawdownPoint(performance.StartDate, 0, 0), curve[0]);
        Assert.Equal(portfolio.AsOf, curve[^1].Date);
        Assert.Equal(performance.MaxDrawdownSinceStart!.Value, curve.Min(p => p.Drawdown));
        Assert.True(curve.Count is > 250 and < 275, $"{curve.Count} points for five years of weeks");
        Assert.All(curve.Zip(curve.Skip(1)), pair => Assert.True(pair.First.Date < pair.Second.Date));
        Assert.All(curve, p => Assert.InRange(p.BenchmarkDrawdown, -1, 0));
        // VTI's deepest weekly-sampled fall lies within the 2022 bear market, near −25 %.
        Assert.InRange(curve.Min(p => p.BenchmarkDrawdown), -0.30, -0.20);
    }

    [Fact]
    public void Reports_SerializeWithoutNaNOrInfinity_When_ExamplePortfolio()
    {
        Assert.Contains("\"annualizedVolatility\":", TestMarkets.ToWireJson(risk), StringComparison.Ordinal);
        Assert.Contains("\"calendarYears\":", TestMarkets.ToWireJson(performance), StringComparison.Ordinal);
    }

    private static void AssertClose(double expected, double actual)
    {
        Assert.True(double.IsFinite(actual), $"{actual} is not finite");
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / scale:E2})");
    }
}
