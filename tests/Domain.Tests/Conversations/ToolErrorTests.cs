using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.Tests.Analytics;
using static PortfolioAdvisor.Tests.Conversations.ConversationSamples;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>Every bad call answers a failure that says what is wrong, and nothing throws.</summary>
public sealed class ToolErrorTests
{
    [Theory]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": -200 } ] }""", "Cannot sell 200 VTI: the portfolio holds only 120.")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": -100 }, { "ticker": "VTI", "shares": -20.5 } ] }""", "Cannot sell 120.5 VTI: the portfolio holds only 120.")]
    [InlineData("""{ "trades": [ { "ticker": "TLT", "shares": -5 } ] }""", "Cannot sell 5 TLT: the portfolio holds none.")]
    [InlineData("""{ "trades": [ { "ticker": "VTIX", "shares": 5 } ] }""", "VTIX is not in the market data → did you mean VTI?")]
    [InlineData("""{ "trades": [ { "ticker": "qqq", "shares": 5 } ] }""", "QQQ is not in the market data.")]
    [InlineData("""{ "trades": [ { "ticker": "=SUM(A1)", "shares": 5 } ] }""", "spreadsheet formula")]
    [InlineData("""{ "trades": [ { "ticker": "", "shares": 5 } ] }""", "trades[0].ticker is empty.")]
    [InlineData("""{ "trades": [] }""", "No trades")]
    [InlineData("""{ }""", "No trades")]
    [InlineData("""{ "trades": null }""", "No trades")]
    [InlineData("""{ "trades": "VTI" }""", "\"trades\" must be an array, not a string.")]
    [InlineData("""{ "trades": [ 5 ] }""", "trades[0] must be an object")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": 0 } ] }""", "trades[0].shares must not be zero")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": -0.0 } ] }""", "trades[0].shares must not be zero")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": 1e12 } ] }""", "trades[0].shares is absurd")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": 1e999 } ] }""", "trades[0].shares must be a finite number.")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": "20" } ] }""", "trades[0].shares must be a number, not a string.")]
    [InlineData("""{ "trades": [ { "ticker": 5, "shares": 20 } ] }""", "trades[0].ticker must be a string, not a number.")]
    [InlineData("""{ "trades": [ { "shares": 20 } ] }""", "trades[0].ticker is required.")]
    [InlineData("""{ "trades": [ { "ticker": "VTI" } ] }""", "trades[0].shares is required.")]
    [InlineData("""[ { "ticker": "VTI", "shares": 5 } ]""", "The arguments must be a JSON object, not an array.")]
    [InlineData("""{ "trades": [ { "ticker": "VTI", "shares": 999999990 } ] }""", "VTI would hold 1000000110 shares")]
    public void WhatIf_FailsWithAClearMessage_When_TheCallIsBad(string arguments, string expected)
    {
        var error = Failed(Tools.Invoke(WhatIfTool.Name, Json(arguments), Example));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_NamesEveryProblem_When_SeveralTradesAreBad()
    {
        var error = Failed(Tools.Invoke(WhatIfTool.Name, Trades(("QQQQ", 5), ("BND", 0), ("GLD", 5)), Example));

        Assert.Contains("QQQQ is not in the market data", error, StringComparison.Ordinal);
        Assert.Contains("trades[1].shares must not be zero", error, StringComparison.Ordinal);
        Assert.DoesNotContain("GLD", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_Fails_When_TheTradesSellEverything()
    {
        var trades = Example.Holdings.Select(h => (h.Ticker, -h.Shares)).ToArray();

        var error = Failed(Tools.Invoke(WhatIfTool.Name, Trades(trades), Example));

        Assert.Equal("The trades sell every holding, so nothing is left to analyse.", error);
    }

    [Fact]
    public void WhatIf_Fails_When_ABoughtFundHasNoPriceOnTheAnalysisAsOf()
    {
        var dates = TestMarkets.Weekdays(120);
        var late = Enumerable.Repeat(double.NaN, 110).Concat(TestMarkets.FromReturns(50, TestMarkets.Alternating(9))).ToArray();
        var market = TestMarkets.Create(dates,
            ("VTI", "us_equity", TestMarkets.FromReturns(100, TestMarkets.Alternating(118)).Append(99).ToArray()),
            ("BND", "bonds", TestMarkets.FromReturns(80, TestMarkets.Alternating(118)).Append(81).ToArray()),
            ("NEW", "bonds", late));
        var analysis = Analyse(market, dates[100]);

        var error = Failed(new AdvisorTools(market).Invoke(WhatIfTool.Name, Trades(("NEW", 5)), analysis));

        Assert.Contains($"'NEW' has no price on {dates[100]:yyyy-MM-dd}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_Fails_When_TheTradesLeaveTooLittleCommonHistory()
    {
        var dates = TestMarkets.Weekdays(120);
        var young = Enumerable.Repeat(double.NaN, 80).Concat(TestMarkets.FromReturns(50, TestMarkets.Alternating(39))).ToArray();
        var market = TestMarkets.Create(dates,
            ("VTI", "us_equity", TestMarkets.FromReturns(100, TestMarkets.Alternating(118)).Append(99).ToArray()),
            ("YNG", "bonds", young));
        var analysis = Analyse(market, dates[^1]);

        var error = Failed(new AdvisorTools(market).Invoke(WhatIfTool.Name, Trades(("YNG", 5)), analysis));

        Assert.Contains("share only 39 daily returns", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "ticker": "TLT" }""", "TLT is in the market data but not a holding of this portfolio")]
    [InlineData("""{ "ticker": "QQQ" }""", "QQQ is not in the market data")]
    [InlineData("""{ "ticker": "VEAA" }""", "→ did you mean VEA?")]
    [InlineData("""{ }""", "\"ticker\" is required.")]
    [InlineData("""{ "ticker": ["VTI"] }""", "\"ticker\" must be a string, not an array.")]
    [InlineData("""{ "ticker": "V\u0007TI" }""", "contains the control character U+0007")]
    [InlineData("""  "VTI" """, "The arguments must be a JSON object, not a string.")]
    public void HoldingDetails_FailsWithAClearMessage_When_TheCallIsBad(string arguments, string expected)
    {
        var error = Failed(Tools.Invoke(HoldingDetailsTool.Name, Json(arguments), Example));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        if (expected.Contains("holding", StringComparison.Ordinal))
        {
            Assert.Contains("The holdings are VTI, VBR, VEA, VWO, BND, TIP, HYG, VNQ, GLD, BIL.", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invoke_Fails_When_TheToolIsUnknownOrTheArgumentsAreMissing()
    {
        Assert.Contains("There is no tool named 'rebalance'", Failed(Tools.Invoke("rebalance", Json("{}"), Example)), StringComparison.Ordinal);
        Assert.Contains("must be a JSON object, not nothing", Failed(Tools.Invoke(WhatIfTool.Name, default, Example)), StringComparison.Ordinal);
        Assert.Contains("must be a JSON object, not null", Failed(Tools.Invoke(HoldingDetailsTool.Name, Json("null"), Example)), StringComparison.Ordinal);
    }

    private static AnalysisOutput Analyse(MarketDataSet market, DateOnly asOf)
    {
        var portfolio = PortfolioPricer.Price([new HoldingInput("VTI", 10)], market, asOf);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        var recommendations = RecommendationEngine.Build(portfolio, risk, performance, RiskProfile.Balanced, market);
        return AnalysisOutput.Of(portfolio, risk, performance, new RecommendationList(recommendations, []), new AdviceResult("analyst", "offline", []));
    }
}
