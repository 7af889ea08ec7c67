using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>An analysis with distinctive figures, so a test can find each one in the advisor's words.</summary>
internal static class AdvisorSamples
{
    public static AdvisorInput Input(string runId, string persona = "analyst", string language = "en") => new(
        new RunContext(runId, "user-1"),
        persona,
        language,
        "balanced",
        new PricedPortfolio(new DateOnly(2025, 10, 1), "USD", 123_456.78,
        [
            new Holding("QQQ", "Invesco QQQ Trust", "US Equity", 150, 600, 90_000, 0.729, 60_000, 30_000),
            new Holding("BND", "Vanguard Total Bond Market ETF", "US Bonds", 450, 74.35, 33_456.78, 0.271, null, null),
        ]),
        new RiskReport(756, 0.1834, -0.2712, 0.0191, 0.0277, 1.12, "VTI", 0.87, "BIL", 0.605, 0.729),
        new PerformanceReport(new DateOnly(2020, 9, 28), 0.2143, 0.5521, 0.1576, 0.9012, 0.1384, "VTI", 0.1765, 0.4987, 0.8123),
        [
            new Recommendation("concentration", "high", "Trim your largest position",
                "QQQ is 72.9% of the portfolio, above the 40.0% limit for a balanced profile.",
                new Dictionary<string, double> { ["weight"] = 0.729, ["limit"] = 0.40 },
                [new Trade("QQQ", "sell", 41, 24_600), new Trade("BND", "buy", 330, 24_535.50)]),
        ]);
}
