using System.Text.Json;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Tests.Analytics;
using static PortfolioAdvisor.Tests.Analytics.ReferenceAnalytics;
using static PortfolioAdvisor.Tests.Conversations.ConversationSamples;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class HoldingDetailsToolTests
{
    [Fact]
    public void HoldingDetails_MatchesIndependentFigures_ForEveryHoldingOfTheExample()
    {
        var holdings = Example.Holdings;
        var reference = Reference([.. holdings.Select(h => (h.Ticker, h.Shares))]);
        var tickers = holdings.Select(h => h.Ticker).ToList();
        var returns = tickers.Select(t => Tail(reference.AssetReturns[t], 756)).ToList();
        var weights = tickers.Select(t => reference.Weight[t]).ToList();
        var covariance = returns.Select(ri => returns.Select(rj => Covariance(ri, rj)).ToList()).ToList();
        var sigmaW = covariance.Select(row => row.Select((c, j) => c * weights[j]).Sum()).ToList();
        var variance = weights.Select((w, i) => w * sigmaW[i]).Sum();

        var total = 0.0;
        for (var i = 0; i < tickers.Count; i++)
        {
            var result = Succeeded(Tools.Invoke(HoldingDetailsTool.Name, Json($$"""{ "ticker": "{{tickers[i].ToLowerInvariant()}}" }"""), Example));

            Assert.Equal(tickers[i], result.GetProperty("ticker").GetString());
            Assert.Equal(holdings[i].Name, result.GetProperty("name").GetString());
            Assert.Equal(holdings[i].AssetClass, result.GetProperty("assetClass").GetString());
            Assert.Equal(holdings[i].Shares, result.GetProperty("shares").GetDouble());
            AssertClose(reference.Price[tickers[i]], result.GetProperty("price").GetDouble(), "price");
            AssertClose(holdings[i].Shares * reference.Price[tickers[i]], result.GetProperty("marketValue").GetDouble(), "marketValue");
            AssertClose(weights[i], result.GetProperty("weight").GetDouble(), "weight");
            AssertClose(StdDev(returns[i]) * Math.Sqrt(252), result.GetProperty("annualizedVolatility").GetDouble(), $"{tickers[i]} volatility");
            AssertClose(Growth(Tail(reference.AssetReturns[tickers[i]], 252)), result.GetProperty("totalReturn1Y").GetDouble(), $"{tickers[i]} 1Y");
            var contribution = result.GetProperty("contributionToRisk").GetDouble();
            AssertClose(weights[i] * sigmaW[i] / variance, contribution, $"{tickers[i]} contribution");
            AssertClose(Example.Risk.Contributions![i].ShareOfVariance, contribution, "the analysis' own share of variance");
            total += contribution;
        }

        AssertClose(1, total, "Σ contributionToRisk");
    }

    [Fact]
    public void HoldingDetails_HasTheContractsMembers()
    {
        var result = Succeeded(Tools.Invoke(HoldingDetailsTool.Name, Json("""{ "ticker": "BND" }"""), Example));

        Assert.Equal(
            ["ticker", "name", "assetClass", "shares", "price", "marketValue", "weight", "annualizedVolatility", "totalReturn1Y", "contributionToRisk"],
            result.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void HoldingDetails_GivesNoOneYearReturn_When_TheHistoryIsShorterThanAYear()
    {
        var analysis = Analyse([new PortfolioAdvisor.Portfolio.HoldingInput("VTI", 10), new PortfolioAdvisor.Portfolio.HoldingInput("BND", 5)], TestMarkets.Bundled.Dates[200]);

        var result = Succeeded(Tools.Invoke(HoldingDetailsTool.Name, Json("""{ "ticker": "VTI" }"""), analysis));

        Assert.Equal(JsonValueKind.Null, result.GetProperty("totalReturn1Y").ValueKind);
        Assert.True(result.GetProperty("annualizedVolatility").GetDouble() > 0);
    }

    [Fact]
    public void Declarations_OfferBothToolsWithStrictSchemas()
    {
        var declarations = Tools.Declarations;

        Assert.Equal([WhatIfTool.Name, HoldingDetailsTool.Name], declarations.Select(d => d.Name));
        foreach (var declaration in declarations)
        {
            Assert.True(declaration.Description.Length > 100, declaration.Name);
            var schema = declaration.JsonSchema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            Assert.Equal(Names(schema.GetProperty("properties")), schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
        }

        var trade = declarations[0].JsonSchema.GetProperty("properties").GetProperty("trades").GetProperty("items");
        Assert.Equal(["ticker", "shares"], trade.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
        Assert.False(trade.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(TestMarkets.Bundled.Tickers, trade.GetProperty("properties").GetProperty("ticker").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("number", trade.GetProperty("properties").GetProperty("shares").GetProperty("type").GetString());
    }

    private static List<string> Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];
}
