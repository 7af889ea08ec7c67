using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

/// <summary>A node that fails on every attempt ends the run with <c>run_failed</c>, logged by the FailRun activity, and the instance Failed.</summary>
public sealed class FailedRunTests(FailedRunTests.ShortHistoryHost host) : IClassFixture<FailedRunTests.ShortHistoryHost>
{
    [Fact]
    public async Task Run_EndsInRunFailedWithInsufficientHistory_When_AHoldingHasThirtyDaysOfPrices()
    {
        var id = await AnalysisRuns.StartAsync(host, new AnalysisRequest([new HoldingInput("VTI", 10), new HoldingInput(ShortHistoryHost.Ticker, 5)]));
        var end = await AnalysisRuns.WaitAsync(host, id, TimeSpan.FromSeconds(90));

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Failed, AnalysisRuns.Describe(host, end));
        Assert.Contains(nameof(ActivityFailedException), end.FailureDetails!.ErrorType, StringComparison.Ordinal);
        var events = AnalysisRuns.Events(host, id);
        ContractRules.AssertHold(events, id, expectedTerminal: EventTypes.RunFailed);
        Assert.Equal("insufficient_history", events[^1].GetProperty("code").GetString());
        Assert.Contains("29", events[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == EventTypes.NodeCompleted && e.GetProperty("node").GetString() != AnalysisNodes.Convert);

        // Durable ran the failing nodes to the end of NodeRetry (three attempts each), then FailRun once.
        var attempts = host.Invocations.Of(id).GroupBy(a => a.Activity).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(FundAnalysisOrchestration.NodeRetry.MaxNumberOfAttempts, attempts[nameof(AnalysisActivities.ComputeRiskMetrics)]);
        Assert.Equal(1, attempts[nameof(AnalysisActivities.FailRun)]);
        Assert.False(attempts.ContainsKey(nameof(AnalysisActivities.StreamAdvisorReply)));
    }

    /// <summary>The app with the bundled market data plus <see cref="Ticker"/>, priced only on the last 30 trading days.</summary>
    public sealed class ShortHistoryHost : FunctionsDurableHost
    {
        /// <summary>The short-history fund.</summary>
        public const string Ticker = "NEWCO";

        protected override void ConfigureServices(IServiceCollection services)
        {
            var bundled = MarketDataSet.LoadBundled();
            var dates = bundled.Dates.ToArray();
            var recent = Enumerable.Range(0, dates.Length).Select(i => i < dates.Length - 30 ? double.NaN : 20 + (i % 3)).ToArray();
            services.AddSingleton(new MarketDataSet(
                dates,
                [.. bundled.Funds, new FundInfo(Ticker, "A fund listed six weeks ago", "us_equity")],
                [.. bundled.Funds.Select(f => bundled.GetPrices(f.Ticker).ToArray()), recent]));
        }
    }
}
