using System.Text.Json;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>Activity results cross the orchestration engine as JSON; the reports must come back unchanged.</summary>
public sealed class ReportSerializationTests
{
    [Fact]
    public void Reports_RoundTripThroughTheWireJson_When_ExamplePortfolio()
    {
        var market = TestMarkets.Bundled;
        var portfolio = PortfolioPricer.Price(TestMarkets.ExampleHoldings(), market);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        var recommendations = RecommendationEngine.Build(portfolio, risk, performance, RiskProfile.Balanced, market);

        AssertRoundTrips(portfolio);
        AssertRoundTrips(risk);
        AssertRoundTrips(performance);
        AssertRoundTrips(recommendations);
        Assert.Contains("\"correlations\":{\"tickers\":[\"VTI\"", TestMarkets.ToWireJson(risk), StringComparison.Ordinal);
    }

    private static void AssertRoundTrips<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, EventJson.Options);
        var back = JsonSerializer.Deserialize<T>(json, EventJson.Options);
        Assert.Equal(json, JsonSerializer.Serialize(back, EventJson.Options));
    }
}
