using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.Tests.Analytics;

namespace PortfolioAdvisor.Tests.Recommendations;

public sealed class RecommendationEngineTests
{
    [Fact]
    public void Build_FlagsWhatTheDataShows_When_ExamplePortfolioIsBalanced()
    {
        var (portfolio, risk, recommendations) = Analyse(TestMarkets.ExampleHoldings(), RiskProfile.Balanced);

        // VTI is 30.3 % (limit 30 %); international equity 20.2 % (target 15 % ± 5) and bonds 24.3 % (30 % ± 5) drift.
        var concentration = Assert.Single(recommendations, r => r.Code == RecommendationRules.Concentration);
        Assert.Equal(portfolio.Holdings.Max(h => h.Weight), concentration.Figures["weight.VTI"]);
        Assert.Contains("30.3%", concentration.Rationale, StringComparison.Ordinal);
        var drift = Assert.Single(recommendations, r => r.Code == RecommendationRules.AllocationDrift);
        Assert.Contains("international equity at 20.2%", drift.Rationale, StringComparison.Ordinal);
        Assert.Contains("bonds at 24.3%", drift.Rationale, StringComparison.Ordinal);

        // No pair of the example's funds correlates 0.95 or more, so the data gives no overlap.
        var strongest = StrongestPair(risk);
        Assert.True(strongest < RecommendationRules.OverlapCorrelation, $"strongest correlation {strongest}");
        Assert.DoesNotContain(recommendations, r => r.Code == RecommendationRules.Overlap);
    }

    [Theory]
    [InlineData("conservative")]
    [InlineData("balanced")]
    [InlineData("growth")]
    public void Build_RebalancesIntoTheBandsWithoutNewCash_When_ClassesDrift(string profileName)
    {
        var profile = RiskProfile.Get(profileName);
        var (portfolio, _, recommendations) = Analyse(TestMarkets.ExampleHoldings(), profile);
        var drift = Assert.Single(recommendations, r => r.Code == RecommendationRules.AllocationDrift);

        var sold = drift.Trades.Where(t => t.Action == "sell").Sum(t => t.AmountUsd);
        var bought = drift.Trades.Where(t => t.Action == "buy").Sum(t => t.AmountUsd);
        Assert.True(bought <= sold, $"buys {bought} exceed sells {sold}");
        Assert.Equal(sold - bought, drift.Figures["cashLeftUsd"], 6);
        Assert.All(drift.Trades, t => Assert.Equal(Math.Floor(t.Shares), t.Shares));
        Assert.All(drift.Trades.Where(t => t.Action == "sell"), t => Assert.True(t.Shares <= portfolio.Holdings.Single(h => h.Ticker == t.Ticker).Shares));

        var after = ApplyTrades(portfolio, drift.Trades);
        foreach (var exposure in AssetClassExposure.Compare(portfolio, profile).Where(e => e.OutsideBand))
        {
            var weight = after.Where(a => a.AssetClass == exposure.AssetClass).Sum(a => a.Value) / portfolio.TotalValue;
            Assert.InRange(weight, exposure.Target - profile.DriftBand, exposure.Target + profile.DriftBand);
        }
    }

    [Fact]
    public void Build_ReportsOverlapAndConsolidates_When_HoldingVeaAndIefa()
    {
        var (_, risk, recommendations) = Analyse([new("VEA", 300), new("IEFA", 100), new("BND", 200), new("VTI", 60), new("BIL", 100)], RiskProfile.Balanced);

        var overlap = Assert.Single(recommendations, r => r.Code == RecommendationRules.Overlap);
        Assert.Equal(risk.Correlations!.Get("VEA", "IEFA"), overlap.Figures["correlation"]);
        Assert.True(overlap.Figures["correlation"] >= 0.95);
        Assert.Equal(["IEFA:sell", "VEA:buy"], overlap.Trades.Select(t => $"{t.Ticker}:{t.Action}"));
        Assert.True(overlap.Trades[1].AmountUsd <= overlap.Trades[0].AmountUsd);
        Assert.Equal(RecommendationRules.Info, overlap.Severity);
    }

    [Fact]
    public void Build_FlagsARiskOutlier_When_ASmallStockHoldingCarriesMostOfTheVariance()
    {
        // 90 % T-bills, 10 % VTI: VTI carries nearly all of the variance.
        var market = TestMarkets.Bundled;
        var asOf = market.Dates.Length - 1;
        var vti = 10_000 / market.GetPrices("VTI")[asOf];
        var bil = 90_000 / market.GetPrices("BIL")[asOf];

        var (_, risk, recommendations) = Analyse([new("VTI", vti), new("BIL", bil)], RiskProfile.Conservative);

        var outlier = Assert.Single(recommendations, r => r.Code == RecommendationRules.RiskOutlier);
        Assert.Contains("VTI", outlier.Title, StringComparison.Ordinal);
        Assert.Equal(risk.Contributions!.Single(c => c.Ticker == "VTI").ShareOfVariance, outlier.Figures["shareOfVariance"]);
        Assert.True(outlier.Figures["shareOfVariance"] >= 2 * outlier.Figures["weight"]);
    }

    [Fact]
    public void Build_OrdersBySeverityAndGivesTheSameListEveryTime()
    {
        var first = Analyse(TestMarkets.ExampleHoldings(), RiskProfile.Conservative).Recommendations;
        var second = Analyse(TestMarkets.ExampleHoldings(), RiskProfile.Conservative).Recommendations;

        Assert.Equal(TestMarkets.ToWireJson(first), TestMarkets.ToWireJson(second));
        var ranks = first.Select(r => r.Severity switch { "high" => 0, "warning" => 1, _ => 2 }).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.All(first, r => Assert.Contains(r.Severity, new[] { "info", "warning", "high" }));
    }

    [Fact]
    public void Build_ReturnsNoRecommendation_When_PortfolioMatchesTheProfile()
    {
        // On the balanced targets, no holding above 30 %, Herfindahl 0.25² + 0.10² + 3 × 0.15² + 4 × 0.05² = 0.15.
        var market = TestMarkets.Bundled;
        var asOf = market.Dates.Length - 1;
        (string Ticker, double Weight)[] mix = [("VTI", 0.25), ("VBR", 0.10), ("ACWV", 0.05), ("VEA", 0.15), ("VNQ", 0.05), ("BND", 0.15), ("TIP", 0.15), ("GLD", 0.05), ("BIL", 0.05)];
        var holdings = mix.Select(m => new HoldingInput(m.Ticker, m.Weight * 100_000 / market.GetPrices(m.Ticker)[asOf])).ToList();

        var (_, risk, recommendations) = Analyse(holdings, RiskProfile.Balanced);

        Assert.DoesNotContain(recommendations, r => r.Code is RecommendationRules.Concentration or RecommendationRules.AllocationDrift);
        Assert.Equal(0.15, risk.HerfindahlIndex, 3);
    }

    private static (PricedPortfolio Portfolio, RiskReport Risk, IReadOnlyList<Recommendation> Recommendations) Analyse(IReadOnlyList<HoldingInput> holdings, RiskProfile profile)
    {
        var market = TestMarkets.Bundled;
        var portfolio = PortfolioPricer.Price(holdings, market);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        return (portfolio, risk, RecommendationEngine.Build(portfolio, risk, performance, profile, market));
    }

    private static double StrongestPair(RiskReport risk)
    {
        var values = risk.Correlations!.Values;
        var strongest = -1.0;
        for (var i = 0; i < values.Count; i++)
        {
            for (var j = i + 1; j < values.Count; j++)
            {
                strongest = Math.Max(strongest, values[i][j]);
            }
        }

        return strongest;
    }

    private static List<(string AssetClass, double Value)> ApplyTrades(PricedPortfolio portfolio, IReadOnlyList<Trade> trades)
    {
        var values = portfolio.Holdings.Select(h => (h.AssetClass, Value: h.MarketValue)).ToList();
        foreach (var trade in trades)
        {
            TestMarkets.Bundled.TryGetFund(trade.Ticker, out var fund);
            values.Add((fund!.AssetClass, trade.Action == "buy" ? trade.AmountUsd : -trade.AmountUsd));
        }

        return values;
    }
}
