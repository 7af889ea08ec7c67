using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Analytics;

public sealed class PortfolioPricerTests
{
    private static readonly DateOnly[] Dates = TestMarkets.Weekdays(4);

    [Fact]
    public void Price_ValuesHoldingsOnTheLatestDateEveryHoldingAndTheBenchmarkHave()
    {
        // A lacks the last date, so as-of is the third date: A = 10 × 20 = 200, B = 5 × 40 = 200, total 400.
        var market = TestMarkets.Create(Dates,
            ("VTI", "us_equity", [1, 1, 1, 1]),
            ("A", "bonds", [18, 19, 20, double.NaN]),
            ("B", "cash", [40, 40, 40, 41]));

        var portfolio = PortfolioPricer.Price([new HoldingInput("A", 10, CostBasis: 150), new HoldingInput("B", 5)], market);

        Assert.Equal(Dates[2], portfolio.AsOf);
        Assert.Equal("USD", portfolio.BaseCurrency);
        Assert.Equal(400, portfolio.TotalValue);
        Assert.Equal(new Holding("A", "A fund", "bonds", 10, 20, 200, 0.5, 150, 50), portfolio.Holdings[0]);
        Assert.Equal(new Holding("B", "B fund", "cash", 5, 40, 200, 0.5, null, null), portfolio.Holdings[1]);
    }

    [Fact]
    public void Price_NamesEachUnknownTickerByIndex_When_TickersAreNotInTheData()
    {
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", [1, 1, 1, 1]));

        var error = Assert.Throws<PortfolioValidationException>(() =>
            PortfolioPricer.Price([new HoldingInput("VTI", 1), new HoldingInput("ZZQX", 1), new HoldingInput("NOPE", 2)], market));

        Assert.Equal(["holdings[1].ticker", "holdings[2].ticker"], error.Errors.Keys.Order());
        Assert.Contains("ZZQX", error.Errors["holdings[1].ticker"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Price_Throws_When_HoldingsAreEmptyOrSharesNotPositive()
    {
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", [1, 1, 1, 1]));

        Assert.Contains("holdings", Assert.Throws<PortfolioValidationException>(() => PortfolioPricer.Price([], market)).Errors.Keys);
        Assert.Contains("holdings[0].shares", Assert.Throws<PortfolioValidationException>(() => PortfolioPricer.Price([new HoldingInput("VTI", 0)], market)).Errors.Keys);
    }

    [Fact]
    public void Price_ThrowsInsufficientHistory_When_NoDateHasEveryPrice()
    {
        var market = TestMarkets.Create(Dates, ("VTI", "us_equity", [1, 1, double.NaN, double.NaN]), ("A", "bonds", [double.NaN, double.NaN, 2, 2]));

        Assert.Throws<InsufficientHistoryException>(() => PortfolioPricer.Price([new HoldingInput("A", 1)], market));
    }
}
