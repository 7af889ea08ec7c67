using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Functions.Tests.Orchestrations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>
/// The Functions app's turn orchestrator and activities with the offline advisor under the real Durable Task engine:
/// Durable's replay after every step, its serialization (the Functions worker's) and its retries drive the Domain's
/// turn.
/// </summary>
public sealed class OfflineTurnTests(FunctionsDurableHost host) : IClassFixture<FunctionsDurableHost>
{
    private const string Question = "What if I sell 20 VTI and buy 10 BND?";

    [Fact]
    public async Task Turn_OutputsWhatTheSelfHostsEngineOutputs_When_BothRunTheSameTurnInput()
    {
        var (analysisId, analysis) = await TurnRuns.AnalysisAsync(host);
        var input = TurnRuns.Turn(analysisId, analysis, Question);

        var end = await TurnRuns.RunAsync(host, input);
        await using var selfHost = await SelfHostTurnEngine.StartAsync();
        var reference = await selfHost.RunAsync(input with { Run = input.Run with { RunId = AnalysisRuns.NewId() } }, TurnRuns.Timeout);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        Assert.Equal("Completed", reference.Status);
        var output = await TurnRuns.StatusOutputAsync(host, input.Run.RunId);
        var expected = JsonNode.Parse(reference.Output!)!;
        Assert.True(JsonNode.DeepEquals(expected, output), $"self-host:\n{expected.ToJsonString()}\nfunctions:\n{output.ToJsonString()}");

        Assert.Equal((analysisId, Question), (output["conversationId"]!.GetValue<string>(), output["question"]!.GetValue<string>()));
        Assert.Equal("offline", output["advice"]!["model"]!.GetValue<string>());
        Assert.NotEmpty(output["advice"]!["messages"]!.AsArray());
        var call = Assert.Single(output["toolCalls"]!.AsArray())!;
        Assert.Equal("what_if", call["name"]!.GetValue<string>());
        Assert.Equal(
            [("VTI", -20d), ("BND", 10d)],
            call["arguments"]!["trades"]!.AsArray().Select(t => (t!["ticker"]!.GetValue<string>(), t["shares"]!.GetValue<double>())));
        var holdings = call["result"]!["holdings"]!.AsArray().ToDictionary(h => h!["ticker"]!.GetValue<string>(), h => h!["shares"]!.GetValue<double>());
        Assert.Equal((100d, 260d), (holdings["VTI"], holdings["BND"]));
    }

    [Fact]
    public async Task Turn_RunsTheToolOnceAndLogsOnePair_When_DurableReplaysAndRetriesTheStepsAfterIt()
    {
        // Each activity's completion makes Durable replay the orchestrator from its history; CompleteTurn failing once
        // before its body adds a retry and more replays after the tool's step.
        var (analysisId, analysis) = await TurnRuns.AnalysisAsync(host);
        var input = TurnRuns.Turn(analysisId, analysis, Question);
        host.Invocations.FailNext(input.Run.RunId, nameof(ConversationTurnActivities.CompleteTurn), afterBody: false);

        var end = await TurnRuns.RunAsync(host, input);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        Assert.Equal(
            [nameof(ConversationTurnActivities.StartTurn), nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.RunAdvisorTool),
             nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.CompleteTurn), nameof(ConversationTurnActivities.CompleteTurn)],
            host.Invocations.Of(input.Run.RunId).Select(a => a.Activity));
        var events = TurnRuns.AssertTurnLog(host, input.Run.RunId, analysisId, EventTypes.RunCompleted);
        var call = Assert.Single(TurnRuns.OfType(events, EventTypes.ToolCall));
        var result = Assert.Single(TurnRuns.OfType(events, EventTypes.ToolResult));
        Assert.Equal(call.GetProperty("toolCallId").GetString(), result.GetProperty("toolCallId").GetString());
        Assert.True(call.GetProperty("seq").GetInt64() < result.GetProperty("seq").GetInt64());
        Assert.Equal(
            host.Log.Events(input.Run.RunId).Select(e => e.Seq),
            host.Publisher.Published.Where(p => p.Event.RunId == input.Run.RunId).Select(p => p.Event.Seq));
    }
}
