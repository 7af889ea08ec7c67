using System.Text.Json;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Analytics;
using static PortfolioAdvisor.Tests.Analytics.ReferenceAnalytics;
using static PortfolioAdvisor.Tests.Conversations.ConversationSamples;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class WhatIfToolTests
{
    private static readonly double Annualizer = Math.Sqrt(252);

    [Fact]
    public void WhatIf_MatchesAnIndependentAnalysisOfThePostTradePortfolio_When_SellingBuyingAndAddingAFund()
    {
        var result = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VTI", -20), ("BND", 15), ("TLT", 12.5)), Example));

        var expected = PostTrade(Example, ("VTI", -20), ("BND", 15), ("TLT", 12.5));
        Assert.Equal(100, expected.Single(h => h.Ticker == "VTI").Shares);
        AssertMatchesReference(result, expected, Example.AsOf);
    }

    [Fact]
    public void WhatIf_PricesOnTheAnalysisAsOf_When_TheAnalysisIsOlderThanTheData()
    {
        var asOf = TestMarkets.Bundled.Dates[^100];
        var analysis = Analyse(TestMarkets.ExampleHoldings(), asOf);

        var result = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VEA", -300), ("GLD", 40)), analysis));

        Assert.Equal(asOf.ToString("yyyy-MM-dd"), result.GetProperty("asOf").GetString());
        var expected = PostTrade(analysis, ("VEA", -300), ("GLD", 40));
        AssertMatchesReference(result, expected, asOf);
        var latest = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VEA", -300), ("GLD", 40)), Example));
        Assert.NotEqual(latest.GetProperty("totalValue").GetDouble(), result.GetProperty("totalValue").GetDouble());
    }

    [Fact]
    public void WhatIf_EqualsTheAnalysisCode_ForEveryMemberOfRiskAndPerformance()
    {
        var result = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VTI", -20), ("BND", 15)), Example));

        var priced = PortfolioPricer.Price(PostTrade(Example, ("VTI", -20), ("BND", 15)), TestMarkets.Bundled, Example.AsOf);
        var risk = JsonSerializer.SerializeToElement(RiskCalculator.Compute(priced, TestMarkets.Bundled), EventJson.StatusOptions);
        var performance = JsonSerializer.SerializeToElement(PerformanceCalculator.Compute(priced, TestMarkets.Bundled), EventJson.StatusOptions);
        Assert.Equal(risk.GetRawText(), result.GetProperty("risk").GetRawText());
        foreach (var member in performance.EnumerateObject().Where(m => m.Name != "drawdownCurve"))
        {
            Assert.Equal(member.Value.GetRawText(), result.GetProperty("performance").GetProperty(member.Name).GetRawText());
        }

        Assert.False(result.GetProperty("performance").TryGetProperty("drawdownCurve", out _), "the chart samples are left out");
    }

    [Fact]
    public void WhatIf_UsesTheAnalysisOutputsMemberNames_SoAClientCanCompareThem()
    {
        var result = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("GLD", 5)), Example));
        var output = JsonSerializer.SerializeToElement(Example, EventJson.StatusOptions);

        Assert.Equal(Names(output.GetProperty("risk")), Names(result.GetProperty("risk")));
        Assert.Equal(Names(output.GetProperty("performance")).Where(n => n != "drawdownCurve"), Names(result.GetProperty("performance")));
        Assert.Equal(["asOf", "holdings", "totalValue", "risk", "performance", "before"], Names(result));
        Assert.Equal(["ticker", "shares", "weight"], Names(result.GetProperty("holdings")[0]));
        Assert.Equal(output.GetProperty("totalValue").GetDouble(), result.GetProperty("before").GetProperty("totalValue").GetDouble());
        Assert.Equal(output.GetProperty("risk").GetProperty("annualizedVolatility").GetRawText(),
            result.GetProperty("before").GetProperty("risk").GetProperty("annualizedVolatility").GetRawText());
        Assert.Equal(JsonValueKind.Null, Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("GLD", 5)), ShortHistory())).GetProperty("performance").GetProperty("totalReturn3Y").ValueKind);
    }

    [Fact]
    public void WhatIf_DropsAPositionSoldToZero_AndAddsABoughtFundAtTheEnd()
    {
        var result = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VTI", -120), ("PFF", 30), ("PFF", -10)), Example));

        var holdings = result.GetProperty("holdings").EnumerateArray().ToList();
        Assert.DoesNotContain(holdings, h => h.GetProperty("ticker").GetString() == "VTI");
        Assert.Equal("PFF", holdings[^1].GetProperty("ticker").GetString());
        Assert.Equal(20, holdings[^1].GetProperty("shares").GetDouble());
        Assert.Equal(Example.Holdings.Count, holdings.Count);
        Assert.Equal(Example.Holdings.Where(h => h.Ticker != "VTI").Select(h => h.Ticker), holdings.Take(holdings.Count - 1).Select(h => h.GetProperty("ticker").GetString()));
        AssertClose(1, holdings.Sum(h => h.GetProperty("weight").GetDouble()), "Σ weight");

        var prices = Example.Holdings.ToDictionary(h => h.Ticker, h => h.Price);
        prices["PFF"] = TestMarkets.Bundled.GetPrices("PFF")[TestMarkets.Bundled.IndexOfDate(Example.AsOf)];
        var total = holdings.Sum(h => h.GetProperty("shares").GetDouble() * prices[h.GetProperty("ticker").GetString()!]);
        AssertClose(total, result.GetProperty("totalValue").GetDouble(), "total value");
        foreach (var holding in holdings)
        {
            AssertClose(holding.GetProperty("shares").GetDouble() * prices[holding.GetProperty("ticker").GetString()!] / total, holding.GetProperty("weight").GetDouble(), "weight");
        }
    }

    [Fact]
    public void WhatIf_GivesTheSameResult_When_CalledAgain()
    {
        var first = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VTI", -20), ("BND", 15)), Example));
        var second = Succeeded(Tools.Invoke(WhatIfTool.Name, Trades(("VTI", -20), ("BND", 15)), Example));

        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    private static AnalysisOutput ShortHistory()
    {
        var market = TestMarkets.Bundled;
        return Analyse([new HoldingInput("VTI", 10)], market.Dates[400]);
    }

    private static List<string> Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    /// <summary>The holdings after the trades, worked out by hand from the analysis' holdings.</summary>
    private static List<HoldingInput> PostTrade(AnalysisOutput analysis, params (string Ticker, double Shares)[] trades)
    {
        var shares = analysis.Holdings.Select(h => (h.Ticker, h.Shares)).ToList();
        foreach (var (ticker, change) in trades)
        {
            var index = shares.FindIndex(s => s.Ticker == ticker);
            if (index < 0)
            {
                shares.Add((ticker, change));
            }
            else
            {
                shares[index] = (ticker, shares[index].Shares + change);
            }
        }

        return [.. shares.Where(s => s.Shares != 0).Select(s => new HoldingInput(s.Ticker, s.Shares))];
    }

    private static void AssertMatchesReference(JsonElement result, List<HoldingInput> expected, DateOnly asOf)
    {
        var reference = Reference([.. expected.Select(h => (h.Ticker, h.Shares))], asOf);
        Assert.Equal(asOf, reference.AsOf);
        AssertClose(reference.TotalValue, result.GetProperty("totalValue").GetDouble(), "totalValue");
        var holdings = result.GetProperty("holdings").EnumerateArray().ToList();
        Assert.Equal(expected.Select(h => h.Ticker), holdings.Select(h => h.GetProperty("ticker").GetString()));
        foreach (var holding in holdings)
        {
            var ticker = holding.GetProperty("ticker").GetString()!;
            AssertClose(expected.Single(h => h.Ticker == ticker).Shares, holding.GetProperty("shares").GetDouble(), $"{ticker} shares");
            AssertClose(reference.Weight[ticker], holding.GetProperty("weight").GetDouble(), $"{ticker} weight");
        }

        var risk = result.GetProperty("risk");
        var rp = Tail(reference.PortfolioReturns, 756);
        var rb = Tail(reference.BenchmarkReturns, 756);
        var excess = Minus(rp, Tail(reference.BillReturns, 756));
        var q5 = Percentile(rp, 5);
        Assert.Equal(rp.Count, risk.GetProperty("lookbackDays").GetInt32());
        AssertClose(StdDev(rp) * Annualizer, risk.GetProperty("annualizedVolatility").GetDouble(), "annualizedVolatility");
        AssertClose(MaxDrawdown(rp), risk.GetProperty("maxDrawdown").GetDouble(), "maxDrawdown");
        AssertClose(-q5, risk.GetProperty("valueAtRisk95").GetDouble(), "valueAtRisk95");
        AssertClose(-Mean([.. rp.Where(r => r <= q5)]), risk.GetProperty("conditionalValueAtRisk95").GetDouble(), "conditionalValueAtRisk95");
        AssertClose(Covariance(rp, rb) / Covariance(rb, rb), risk.GetProperty("beta").GetDouble(), "beta");
        AssertClose(Mean(excess) / StdDev(excess) * Annualizer, risk.GetProperty("sharpeRatio").GetDouble(), "sharpeRatio");
        AssertClose(reference.Weight.Values.Sum(w => w * w), risk.GetProperty("herfindahlIndex").GetDouble(), "herfindahlIndex");
        AssertClose(reference.Weight.Values.Max(), risk.GetProperty("largestWeight").GetDouble(), "largestWeight");
        Assert.Equal("VTI", risk.GetProperty("benchmark").GetString());
        Assert.Equal("BIL", risk.GetProperty("riskFree").GetString());

        var performance = result.GetProperty("performance");
        var all = reference.PortfolioReturns;
        var benchmark = reference.BenchmarkReturns;
        Assert.Equal(reference.StartDate.ToString("yyyy-MM-dd"), performance.GetProperty("startDate").GetString());
        AssertClose(Growth(Tail(all, 252)), performance.GetProperty("totalReturn1Y").GetDouble(), "totalReturn1Y");
        AssertClose(Growth(Tail(all, 756)), performance.GetProperty("totalReturn3Y").GetDouble(), "totalReturn3Y");
        AssertClose(Math.Pow(1 + Growth(Tail(all, 756)), 1.0 / 3) - 1, performance.GetProperty("cagr3Y").GetDouble(), "cagr3Y");
        AssertClose(Growth(all), performance.GetProperty("totalReturnSinceStart").GetDouble(), "totalReturnSinceStart");
        AssertClose(Math.Pow(1 + Growth(all), 252.0 / all.Count) - 1, performance.GetProperty("cagrSinceStart").GetDouble(), "cagrSinceStart");
        Assert.Equal("VTI", performance.GetProperty("benchmark").GetString());
        AssertClose(Growth(Tail(benchmark, 252)), performance.GetProperty("benchmarkTotalReturn1Y").GetDouble(), "benchmarkTotalReturn1Y");
        AssertClose(Growth(Tail(benchmark, 756)), performance.GetProperty("benchmarkTotalReturn3Y").GetDouble(), "benchmarkTotalReturn3Y");
        AssertClose(Growth(benchmark), performance.GetProperty("benchmarkTotalReturnSinceStart").GetDouble(), "benchmarkTotalReturnSinceStart");
    }
}
