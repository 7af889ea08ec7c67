using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Tests.Http;
using PortfolioAdvisor.Functions.Tests.Orchestrations;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>Terminate mid-turn on the Durable engine, through the Functions app's terminate route.</summary>
public sealed class TerminatedTurnTests(SlowTurnModelHost host) : IClassFixture<SlowTurnModelHost>
{
    // A small analysis written out (the slow model would take a minute to advise a real one first); no tool runs here.
    private static readonly AnalysisOutput Analysis = new(new DateOnly(2025, 10, 1), "USD", 10_000,
        [
            new Holding("VTI", "Vanguard Total Stock Market ETF", "us_equity", 20, 329.31, 6586.2, 0.65862, null, null),
            new Holding("BND", "Vanguard Total Bond Market ETF", "us_bonds", 46, 74.21, 3413.8, 0.34138, null, null),
        ],
        new RiskReport(756, 0.14, -0.2, 0.013, 0.02, 0.7, "VTI", 0.6, "BIL", 0.55, 0.66),
        new PerformanceReport(new DateOnly(2020, 9, 28), 0.12, 0.5, 0.14, 0.7, 0.11, "VTI", 0.18, 0.88, 1.08),
        [], new AdviceResult("analyst", "test-model", ["Balanced enough."]), []);

    [Fact]
    public async Task Terminate_MidTurn_EndsTerminatedWithRunTerminatedLast()
    {
        var input = TurnRuns.Turn("analysis-t", Analysis, "Why is VTI so large?");
        var id = await TurnRuns.StartAsync(host, input);
        await TurnRuns.WaitForEventsAsync(host, id, events => events.Count(e => e.Type == EventTypes.Token) >= 3, TimeSpan.FromSeconds(60));

        var terminate = await FunctionsHttp.SendAsync(host, new ContractRequest("POST", $"/api/analyses/{id}/terminate?reason=enough"));
        Assert.Equal(202, terminate.Status);

        var end = await AnalysisRuns.WaitAsync(host, id, TimeSpan.FromSeconds(30));
        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, AnalysisRuns.Describe(host, end));
        var model = host.Invocations.Of(id).Single(a => a.Activity == nameof(ConversationTurnActivities.CallAdvisorModel));
        await model.Ended.WaitAsync(TimeSpan.FromSeconds(30));

        var events = TurnRuns.AssertTurnLog(host, id, "analysis-t", EventTypes.RunTerminated);
        Assert.Equal("enough", events[^1].GetProperty("reason").GetString());
        Assert.NotEmpty(TurnRuns.OfType(events, EventTypes.Token));
        Assert.DoesNotContain(host.Invocations.Of(id), a => a.Activity is nameof(ConversationTurnActivities.CompleteTurn) or nameof(ConversationTurnActivities.FailTurn));
        // The status serves the answer as written before the stop, rebuilt from the closed log.
        var output = await TurnRuns.StatusOutputAsync(host, id, "Terminated");
        Assert.Equal(("analysis-t", "Why is VTI so large?"), (output["conversationId"]!.GetValue<string>(), output["question"]!.GetValue<string>()));
        var advice = output["advice"]!;
        Assert.True(advice["partial"]!.GetValue<bool>());
        Assert.Equal(host.Model, advice["model"]!.GetValue<string>());
        var written = string.Concat(TurnRuns.OfType(events, EventTypes.Token).Select(e => e.GetProperty("delta").GetString()));
        var messages = advice["messages"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Contains(m.Trim(), written, StringComparison.Ordinal));
        Assert.Empty(output["toolCalls"]!.AsArray());
    }
}
