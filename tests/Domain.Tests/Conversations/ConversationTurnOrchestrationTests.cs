using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>The turn orchestration against a mocked context port, as the analysis orchestration is tested.</summary>
public sealed class ConversationTurnOrchestrationTests
{
    private static readonly TurnInput Input = TurnSamples.Turn("turn-m");
    private static readonly JsonElement Arguments = JsonDocument.Parse("""{"ticker":"VTI"}""").RootElement;
    private static readonly ModelStep CallsATool = new(["Let me look."], [new ToolCallRequest("call-1", "holding_details", Arguments)], "m");
    private static readonly ModelStep Answers = new(["VTI is 30% of it."], [], "m");

    private readonly List<string> calls = [];
    private readonly List<object?> inputs = [];
    private readonly Mock<IOrchestrationContext> context = new(MockBehavior.Strict);

    public ConversationTurnOrchestrationTests()
    {
        context.SetupGet(c => c.InstanceId).Returns(Input.Run.RunId);
        context.SetupGet(c => c.IsReplaying).Returns(false);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()));
        Returns(nameof(ConversationTurnActivities.StartTurn), true);
        Returns(nameof(ConversationTurnActivities.CompleteTurn), true);
        Returns(nameof(ConversationTurnActivities.FailTurn), true);
        Returns(nameof(ConversationTurnActivities.RunAdvisorTool), new TurnToolCall("call-1", "holding_details", Arguments, Arguments, null));
    }

    [Fact]
    public async Task RunAsync_CallsTheModelThenTheToolThenTheModelWithTheResult_AndReturnsTheOutput()
    {
        var steps = new Queue<ModelStep>([CallsATool, Answers]);
        Returns(nameof(ConversationTurnActivities.CallAdvisorModel), () => steps.Dequeue());

        var output = await ConversationTurnOrchestration.RunAsync(context.Object, Input);

        Assert.Equal(
            [nameof(ConversationTurnActivities.StartTurn), nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.RunAdvisorTool),
             nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.CompleteTurn)],
            calls);
        var second = (CallAdvisorModelInput)inputs[3]!;
        Assert.Equal(1, second.Step);
        Assert.Equal("call-1", Assert.Single(Assert.Single(second.Exchanges).Results).ToolCallId);
        Assert.Equal(["Let me look.", "VTI is 30% of it."], output.Advice.Messages);
        Assert.Equal(("analysis-1", Input.Question, "call-1"), (output.ConversationId, output.Question, Assert.Single(output.ToolCalls).ToolCallId));
    }

    [Fact]
    public async Task RunAsync_FailsWithToolLoopLimitAfterTheLastModelCall_WhenEveryAnswerCallsATool()
    {
        Returns(nameof(ConversationTurnActivities.CallAdvisorModel), () => CallsATool);

        await Assert.ThrowsAsync<TurnLoopLimitException>(() => ConversationTurnOrchestration.RunAsync(context.Object, Input));

        Assert.Equal(TurnLimits.MaxModelCalls, calls.Count(c => c == nameof(ConversationTurnActivities.CallAdvisorModel)));
        Assert.Equal(TurnLimits.MaxModelCalls - 1, calls.Count(c => c == nameof(ConversationTurnActivities.RunAdvisorTool)));
        Assert.Equal(nameof(ConversationTurnActivities.FailTurn), calls[^1]);
        Assert.Equal(TurnLimits.LoopLimitCode, ((FailRunInput)inputs[^1]!).Code);
        Assert.DoesNotContain(nameof(ConversationTurnActivities.CompleteTurn), calls);
    }

    [Fact]
    public async Task RunAsync_FailsWithToolLoopLimitBeforeRunningTools_WhenOneAnswerAsksForTooManyToolCalls()
    {
        var many = new ModelStep([], [.. Enumerable.Range(0, TurnLimits.MaxToolCalls + 1).Select(i => new ToolCallRequest($"c{i}", "holding_details", Arguments))], "m");
        Returns(nameof(ConversationTurnActivities.CallAdvisorModel), () => many);

        await Assert.ThrowsAsync<TurnLoopLimitException>(() => ConversationTurnOrchestration.RunAsync(context.Object, Input));

        Assert.DoesNotContain(nameof(ConversationTurnActivities.RunAdvisorTool), calls);
        Assert.Equal(TurnLimits.LoopLimitCode, ((FailRunInput)inputs[^1]!).Code);
    }

    [Fact]
    public async Task RunAsync_LogsRunFailedWithTheAdvisorsCodeAndRethrows_WhenTheModelCallFails()
    {
        context.Setup(c => c.CallActivityAsync<ModelStep>(nameof(ConversationTurnActivities.CallAdvisorModel), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback(() => calls.Add(nameof(ConversationTurnActivities.CallAdvisorModel)))
            .ThrowsAsync(new ActivityFailedException(nameof(ConversationTurnActivities.CallAdvisorModel), "PortfolioAdvisor.Advisor.AdvisorUnavailableException", "HTTP 401"));

        await Assert.ThrowsAsync<ActivityFailedException>(() => ConversationTurnOrchestration.RunAsync(context.Object, Input));

        Assert.Equal(nameof(ConversationTurnActivities.FailTurn), calls[^1]);
        Assert.Equal("advisor_failed", ((FailRunInput)inputs[^1]!).Code);
    }

    private void Returns<T>(string name, T result) => Returns(name, () => result);

    private void Returns<T>(string name, Func<T> result) =>
        context.Setup(c => c.CallActivityAsync<T>(name, It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback<string, object?, ActivityRetryPolicy?>((n, input, _) =>
            {
                calls.Add(n);
                inputs.Add(input);
            })
            .ReturnsAsync(() => result());
}
