using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>Inputs at the edges give a clear answer: a documented exception or a documented finite figure.</summary>
public sealed class EdgeCaseTests
{
    [Fact]
    public void Compute_ThrowsInsufficientHistory_When_FewerThanSixtyReturns()
    {
        // 60 prices → 59 returns.
        var dates = TestMarkets.Weekdays(60);
        var market = TestMarkets.Create(dates, ("VTI", "us_equity", TestMarkets.FromReturns(100, TestMarkets.Alternating(59))));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 1)], market);

        Assert.Equal(59, Assert.Throws<InsufficientHistoryException>(() => RiskCalculator.Compute(portfolio, market)).Days);
        Assert.Equal(59, Assert.Throws<InsufficientHistoryException>(() => PerformanceCalculator.Compute(portfolio, market)).Days);
    }

    [Fact]
    public void Compute_StartsTheCommonHistoryAfterAGap_When_AHoldingMissesADay()
    {
        // 100 dates; FUND has no price on date 10, so the history runs from date 11 to date 99: 88 returns.
        var dates = TestMarkets.Weekdays(100);
        var fund = TestMarkets.FromReturns(20, TestMarkets.Alternating(99));
        fund[10] = double.NaN;
        var market = TestMarkets.Create(dates,
            ("VTI", "us_equity", TestMarkets.FromReturns(100, Enumerable.Repeat(0.001, 99))),
            ("FUND", "bonds", fund));
        var portfolio = PortfolioPricer.Price([new HoldingInput("FUND", 5), new HoldingInput("VTI", 1)], market);

        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);

        Assert.Equal(88, risk.LookbackDays);
        Assert.Equal(dates[11], performance.StartDate);
        Assert.Equal(88, performance.Days);
    }

    [Fact]
    public void Compute_ThrowsInsufficientHistory_When_AGapLeavesTooFewReturns()
    {
        var dates = TestMarkets.Weekdays(100);
        var fund = TestMarkets.FromReturns(20, TestMarkets.Alternating(99));
        fund[50] = double.NaN;
        var market = TestMarkets.Create(dates, ("VTI", "us_equity", TestMarkets.FromReturns(100, TestMarkets.Alternating(99))), ("FUND", "bonds", fund));
        var portfolio = PortfolioPricer.Price([new HoldingInput("FUND", 1)], market);

        Assert.Equal(48, Assert.Throws<InsufficientHistoryException>(() => RiskCalculator.Compute(portfolio, market)).Days);
    }

    [Fact]
    public void Compute_GivesZeroRatiosNotNaN_When_EveryPriceIsFlat()
    {
        // Flat benchmark and holding: every spread is zero, so beta, Sharpe, Sortino, IR and contributions are 0 by rule,
        // and there are no up or down days for capture ratios (null).
        var dates = TestMarkets.Weekdays(80);
        double[] flat = [.. Enumerable.Repeat(10.0, 80)];
        var market = TestMarkets.Create(dates, ("VTI", "us_equity", flat), ("BIL", "cash", flat), ("X", "bonds", flat));
        var portfolio = PortfolioPricer.Price([new HoldingInput("X", 3)], market);

        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);

        Assert.Equal(0, risk.AnnualizedVolatility);
        Assert.Equal(0, risk.Beta);
        Assert.Equal(0, risk.SharpeRatio);
        Assert.Equal(0, risk.SortinoRatio);
        Assert.Equal(0, risk.InformationRatio);
        Assert.Equal(0, risk.ValueAtRisk95);
        Assert.Null(risk.UpCapture);
        Assert.Null(risk.DownCapture);
        Assert.Equal(0, Assert.Single(risk.Contributions!).ShareOfVariance);
        Assert.Equal(0, performance.CagrSinceStart);
        Assert.DoesNotContain("NaN", TestMarkets.ToWireJson(risk), StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", TestMarkets.ToWireJson(performance), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UsesZeroRiskFreeReturn_When_TheDataHasNoBil()
    {
        var dates = TestMarkets.Weekdays(61);
        var market = TestMarkets.Create(dates, ("VTI", "us_equity", TestMarkets.FromReturns(100, TestMarkets.Alternating(60))));
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 1)], market);

        var risk = RiskCalculator.Compute(portfolio, market);

        // Sharpe = mean ÷ stdev × √252 with r_f = 0: 0.005 ÷ √(60 × 0.000225 / 59) × √252.
        Assert.Equal(0.005 / Math.Sqrt(60 * 0.000225 / 59) * Math.Sqrt(252), risk.SharpeRatio, 10);
    }
}
