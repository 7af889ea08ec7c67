using System.Text.Json;
using Microsoft.Extensions.AI;
using Moq;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>The tool activity's events against the in-memory log: both or neither.</summary>
public sealed class RunAdvisorToolTests
{
    private static readonly JsonElement Arguments = JsonDocument.Parse("""{"ticker":"VTI"}""").RootElement;

    [Fact]
    public async Task RunAdvisorTool_LogsToolCallThenToolResult_When_TheTurnRuns()
    {
        var harness = new TurnHarness();
        var turn = TurnSamples.Turn("turn-a");
        var activities = harness.Activities(new Mock<IChatClient>(MockBehavior.Strict).Object);
        await activities.StartTurn(new StartTurnInput(turn.Run, turn.ConversationId));

        var outcome = await activities.RunAdvisorTool(new RunAdvisorToolInput(turn.Run, "analyst", 0, new ToolCallRequest("call_1", "holding_details", Arguments), turn.Analysis));

        Assert.Equal("call_1", outcome.ToolCallId);
        Assert.Equal([EventTypes.RunStarted, EventTypes.NodeStarted, EventTypes.ToolCall, EventTypes.ToolResult], harness.Events("turn-a").Select(e => e.Type));
    }

    [Fact]
    public async Task RunAdvisorTool_LogsNeitherToolEvent_When_TheTurnIsTerminatedWhileTheToolRuns()
    {
        var harness = new TurnHarness();
        var turn = TurnSamples.Turn("turn-b");
        var activities = harness.Activities(new Mock<IChatClient>(MockBehavior.Strict).Object);
        await activities.StartTurn(new StartTurnInput(turn.Run, turn.ConversationId));
        harness.Tools.DuringCall = () => harness.Log.AppendAsync("turn-b", [new EventDraft(new RunTerminated("interrupted") { RunId = "turn-b" })]).GetAwaiter().GetResult();

        await Assert.ThrowsAsync<RunClosedException>(() =>
            activities.RunAdvisorTool(new RunAdvisorToolInput(turn.Run, "analyst", 0, new ToolCallRequest("call_1", "holding_details", Arguments), turn.Analysis)));

        Assert.Equal([EventTypes.RunStarted, EventTypes.NodeStarted, EventTypes.RunTerminated], harness.Events("turn-b").Select(e => e.Type));
    }
}
