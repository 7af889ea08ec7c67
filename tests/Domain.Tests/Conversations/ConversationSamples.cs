using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.Tests.Analytics;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>Completed analyses made by the real nodes' code on the bundled market data, and the tools over that data.</summary>
internal static class ConversationSamples
{
    private static readonly Lazy<AnalysisOutput> ExampleAnalysis = new(() => Analyse(TestMarkets.ExampleHoldings()));

    public static AdvisorTools Tools { get; } = new(TestMarkets.Bundled);

    /// <summary>The analysis of <c>data/portfolios/example.json</c> (as of 2025-10-01).</summary>
    public static AnalysisOutput Example => ExampleAnalysis.Value;

    /// <summary>An analysis of <paramref name="holdings"/>, priced on <paramref name="asOf"/> when given (else the latest common date).</summary>
    public static AnalysisOutput Analyse(IReadOnlyList<HoldingInput> holdings, DateOnly? asOf = null)
    {
        var market = TestMarkets.Bundled;
        var portfolio = asOf is { } date ? PortfolioPricer.Price(holdings, market, date) : PortfolioPricer.Price(holdings, market);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        var recommendations = RecommendationEngine.Build(portfolio, risk, performance, RiskProfile.Balanced, market);
        return AnalysisOutput.Of(portfolio, risk, performance, new RecommendationList(recommendations, []), new AdviceResult("analyst", "offline", ["(advice)"]));
    }

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Trades(params (string Ticker, double Shares)[] trades) =>
        JsonSerializer.SerializeToElement(new { trades = trades.Select(t => new { ticker = t.Ticker, shares = t.Shares }) });

    /// <summary>The successful result, failing the test with the tool's error otherwise.</summary>
    public static JsonElement Succeeded(ToolOutcome outcome)
    {
        Assert.True(outcome.Error is null, outcome.Error);
        Assert.NotNull(outcome.Result);
        return outcome.Result.Value;
    }

    /// <summary>The error, failing the test when the call succeeded.</summary>
    public static string Failed(ToolOutcome outcome)
    {
        Assert.Null(outcome.Result);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error), "a failure says why");
        return outcome.Error!;
    }

    public static ReferenceAnalytics Reference(IReadOnlyList<(string Ticker, double Shares)> holdings, DateOnly? asOf = null)
    {
        var reference = new ReferenceAnalytics(Path.Combine(TestMarkets.DataDirectory, "prices.csv"));
        reference.Analyse(holdings, asOf);
        return reference;
    }

    public static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
