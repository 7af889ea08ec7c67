using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>Risk and performance on generated prices whose figures can be worked out by hand.</summary>
public sealed class SmallCaseTests
{
    // 61 prices → 60 returns alternating +2 %, −1 % (30 of each); BIL flat, so r_f = 0.
    private static readonly DateOnly[] Dates = TestMarkets.Weekdays(61);
    private static readonly double[] Vti = TestMarkets.FromReturns(100, TestMarkets.Alternating(60));
    private static readonly double[] Flat = [.. Enumerable.Repeat(50.0, 61)];

    [Fact]
    public void Compute_GivesHandComputedFigures_When_SingleHoldingIsTheBenchmark()
    {
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", Vti), ("BIL", "cash", Flat));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 10)], market);

        var risk = RiskCalculator.Compute(portfolio, market);

        // mean 0.005; deviations ±0.015; sample variance 60 × 0.000225 / 59.
        var variance = 60 * 0.000225 / 59;
        Assert.Equal(60, risk.LookbackDays);
        Assert.Equal(Math.Sqrt(variance) * Math.Sqrt(252), risk.AnnualizedVolatility, 12);
        // Each +2 % day makes a new peak (1.02 × 0.99 > 1), each −1 % day is a 1 % drawdown.
        Assert.Equal(-0.01, risk.MaxDrawdown, 12);
        // Sorted: 30 × −0.01 then 30 × 0.02; h = 59 × 0.05 = 2.95 lies between two −0.01s.
        Assert.Equal(0.01, risk.ValueAtRisk95, 12);
        Assert.Equal(0.01, risk.ConditionalValueAtRisk95, 12);
        Assert.Equal(1, risk.Beta, 12);
        Assert.Equal(0.005 / Math.Sqrt(variance) * Math.Sqrt(252), risk.SharpeRatio, 10);
        Assert.Equal(1, risk.HerfindahlIndex);
        Assert.Equal(1, risk.LargestWeight);
        // Identical to the benchmark: no active risk, so tracking error 0 and (documented rule) information ratio 0.
        Assert.Equal(0, risk.TrackingError!.Value, 15);
        Assert.Equal(0, risk.InformationRatio);
        Assert.Equal(1, risk.UpCapture!.Value, 12);
        Assert.Equal(1, risk.DownCapture!.Value, 12);
        // Downside deviation √(30 × 0.0001 / 60) = √0.00005.
        Assert.Equal(0.005 / Math.Sqrt(0.00005) * Math.Sqrt(252), risk.SortinoRatio!.Value, 10);
        Assert.Equal(1, Assert.Single(risk.Contributions!).ShareOfVariance, 12);
    }

    [Fact]
    public void Compute_GivesHandComputedPerformance_When_HistoryIsShorterThanAYear()
    {
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", Vti), ("BIL", "cash", Flat));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 10)], market);

        var performance = PerformanceCalculator.Compute(portfolio, market);

        // 30 pairs of (1.02 × 0.99) = 1.0098^30; annualized over 60 days: ^(252/60).
        var total = Math.Pow(1.0098, 30) - 1;
        Assert.Equal(Dates[0], performance.StartDate);
        Assert.Equal(total, performance.TotalReturnSinceStart, 12);
        Assert.Equal(Math.Pow(1 + total, 252.0 / 60) - 1, performance.CagrSinceStart, 12);
        Assert.Equal(total, performance.BenchmarkTotalReturnSinceStart, 12);
        Assert.Null(performance.TotalReturn1Y);
        Assert.Null(performance.TotalReturn3Y);
        Assert.Null(performance.Cagr3Y);
        Assert.Null(performance.BenchmarkTotalReturn1Y);
    }

    [Fact]
    public void Compute_SplitsVarianceByHolding_When_OneHoldingIsFlat()
    {
        // Half VTI, half a flat fund: r_p = ½ r_VTI, so cov(r_VTI, r_p) = ½ var, var(r_p) = ¼ var;
        // VTI's share = ½ × ½ var ÷ ¼ var = 1, the flat fund's 0; a flat series correlates 0 (documented).
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", Vti), ("CASH", "cash", Flat));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 50 / Vti[^1]), new HoldingInput("CASH", 1)], market);
        Assert.Equal(0.5, portfolio.Holdings[0].Weight, 12);

        var risk = RiskCalculator.Compute(portfolio, market);

        Assert.Equal(1, risk.Contributions![0].ShareOfVariance, 12);
        Assert.Equal(0, risk.Contributions[1].ShareOfVariance, 12);
        Assert.Equal(0, risk.Correlations!.Get("VTI", "CASH"));
        Assert.Equal(1, risk.Correlations.Get("CASH", "CASH"));
        Assert.Equal(0.5, risk.Beta, 12);
        Assert.Equal(0.5, risk.HerfindahlIndex, 12);
        Assert.Equal(0.5, risk.AssetClassWeights!["cash"], 12);
    }

    [Fact]
    public void Compute_SplitsCalendarYearsAtTheYearEnd()
    {
        // Weekdays from Mon 2024-12-02: 22 dates in December 2024, so 21 returns dated there, the rest in 2025.
        var dates = TestMarkets.Weekdays(81, new DateOnly(2024, 12, 2));
        var prices = TestMarkets.FromReturns(100, Enumerable.Repeat(0.01, 80));
        var market = TestMarkets.Create(dates, ("VTI", "us_equity", prices));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 1)], market);

        var years = PerformanceCalculator.Compute(portfolio, market).CalendarYears!;

        Assert.Equal(2, years.Count);
        Assert.Equal(new CalendarYearReturn(2024, new DateOnly(2024, 12, 2), new DateOnly(2024, 12, 31), 21, years[0].Portfolio, years[0].Portfolio), years[0]);
        Assert.Equal(Math.Pow(1.01, 21) - 1, years[0].Portfolio, 12);
        Assert.Equal(new DateOnly(2024, 12, 31), years[1].From);
        Assert.Equal(59, years[1].Days);
    }
}
