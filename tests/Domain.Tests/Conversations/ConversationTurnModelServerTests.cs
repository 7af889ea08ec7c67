using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Advisor;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>The turn's agent loop with the real OpenAI client (through IChatClient) against the local model server streaming tool calls.</summary>
public sealed class ConversationTurnModelServerTests
{
    private const string WhatIfArguments = """{"trades":[{"ticker":"VTI","shares":-20}]}""";

    [Fact]
    public async Task RunAsync_RunsTheToolAndStreamsAnAnswerQuotingItsResult_WhenTheModelStreamsAToolCall()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new TurnHarness();

        var output = await harness.RunAsync(server, "tools:what_if", TurnSamples.Turn("turn-1"));

        var call = Assert.Single(output.ToolCalls);
        Assert.Equal(("what_if", WhatIfArguments), (call.Name, call.Arguments.GetRawText()));
        Assert.Equal(RecordingAdvisorTools.Marker, call.Result!.Value.GetProperty("totalValue").GetDouble());
        Assert.Equal([("what_if", WhatIfArguments)], harness.Tools.Calls);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(["what_if", "holding_details"], server.Requests[0].Tools);
        var body = System.Text.Json.Nodes.JsonNode.Parse(server.Requests[0].Body)!.AsObject();
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.Equal(harness.Options.MaxOutputTokens, body["max_completion_tokens"]!.GetValue<int>());
        Assert.False(body.ContainsKey(TurnAdvisor.PersonaProperty) || body.ContainsKey(TurnAdvisor.LanguageProperty), body.ToJsonString());
        Assert.True(server.Requests[0].TokensSent > 3, $"the arguments came in {server.Requests[0].TokensSent} chunk(s)");
        var toolMessage = Assert.Single(server.Requests[1].Messages, m => m.Role == "tool").Content;
        Assert.Contains("98765.4321", toolMessage, StringComparison.Ordinal);
        var answer = Assert.Single(output.Advice.Messages);
        Assert.StartsWith(ModelServerOptions.ToolAnswerPrefix, answer, StringComparison.Ordinal);
        Assert.Contains("98765.4321", answer, StringComparison.Ordinal);
        Assert.Equal(("analyst", "tools:what_if", "analysis-1", "What if I sell 20 VTI?"),
            (output.Advice.Persona, output.Advice.Model, output.ConversationId, output.Question));
    }

    [Fact]
    public async Task RunAsync_LogsToolCallThenToolResultThenTheAnswer_InContractOrder()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, ChunkCharacters = 9 });
        var harness = new TurnHarness();

        await harness.RunAsync(server, "tools:what_if", TurnSamples.Turn("turn-o"));

        var events = harness.Events("turn-o");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        var types = events.Select(e => e.Type).Where(t => t != EventTypes.Typing && t != EventTypes.Token).ToList();
        Assert.Equal(
            [EventTypes.RunStarted, EventTypes.NodeStarted, EventTypes.ToolCall, EventTypes.ToolResult, EventTypes.Message,
             EventTypes.NodeCompleted, EventTypes.RunCompleted],
            types);
        var result = events.Single(e => e.Type == EventTypes.ToolResult).Seq;
        Assert.All(events.Where(e => e.Type == EventTypes.Token), t => Assert.True(t.Seq > result));
        Assert.True(events.Count(e => e.Type == EventTypes.Token) > 3);
        StreamAssert.MessagesMatchTheirTokens(harness.Views("turn-o"));

        using var started = JsonDocument.Parse(events[0].Json);
        Assert.Equal(RunKinds.Turn, started.RootElement.GetProperty("kind").GetString());
        Assert.Equal("analysis-1", started.RootElement.GetProperty("conversationId").GetString());
        Assert.Equal([AnalysisNodes.Advisor], started.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        using var toolCall = JsonDocument.Parse(events.Single(e => e.Type == EventTypes.ToolCall).Json);
        using var toolResult = JsonDocument.Parse(events.Single(e => e.Type == EventTypes.ToolResult).Json);
        var id = toolCall.RootElement.GetProperty("toolCallId").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(("analyst", "what_if", WhatIfArguments), (toolCall.RootElement.GetProperty("agent").GetString(),
            toolCall.RootElement.GetProperty("name").GetString(), toolCall.RootElement.GetProperty("arguments").GetRawText()));
        Assert.Equal(id, toolResult.RootElement.GetProperty("toolCallId").GetString());
        Assert.Equal(RecordingAdvisorTools.Marker, toolResult.RootElement.GetProperty("result").GetProperty("totalValue").GetDouble());
        Assert.True(toolResult.RootElement.GetProperty("durationMs").GetInt64() >= 0);
        Assert.False(toolResult.RootElement.TryGetProperty("error", out _));
        using var completed = JsonDocument.Parse(events.Single(e => e.Type == EventTypes.NodeCompleted).Json);
        Assert.Equal(100, completed.RootElement.GetProperty("percent").GetInt32());
        Assert.Equal(1, completed.RootElement.GetProperty("summary").GetProperty("toolCalls").GetInt32());
    }

    [Fact]
    public async Task RunAsync_HandsTheToolsErrorToTheModel_WhenTheToolAnswersWithAnError()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new TurnHarness();
        harness.Tools.Error = "You hold no VTI to sell.";

        var output = await harness.RunAsync(server, "tools:what_if", TurnSamples.Turn("turn-e"));

        var call = Assert.Single(output.ToolCalls);
        Assert.Equal((null, "You hold no VTI to sell."), (call.Result, call.Error));
        Assert.Contains("You hold no VTI to sell.", Assert.Single(server.Requests[1].Messages, m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.Contains("You hold no VTI to sell.", Assert.Single(output.Advice.Messages), StringComparison.Ordinal);
        using var result = JsonDocument.Parse(harness.Events("turn-e").Single(e => e.Type == EventTypes.ToolResult).Json);
        Assert.Equal("You hold no VTI to sell.", result.RootElement.GetProperty("error").GetString());
        Assert.Equal(EventTypes.RunCompleted, harness.Events("turn-e")[^1].Type);
    }

    [Fact]
    public async Task RunAsync_RunsEveryToolCallOfOneAnswerInOrder_WhenTheModelCallsTwoTools()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new TurnHarness();

        var output = await harness.RunAsync(server, "tools:what_if,holding_details", TurnSamples.Turn("turn-2"));

        Assert.Equal(["what_if", "holding_details"], output.ToolCalls.Select(c => c.Name));
        Assert.Equal(["what_if", "holding_details"], harness.Tools.Calls.Select(c => c.Name));
        Assert.Equal(2, server.Requests[1].Messages.Count(m => m.Role == "tool"));
        var kinds = harness.Events("turn-2").Select(e => e.Type).Where(t => t is EventTypes.ToolCall or EventTypes.ToolResult);
        Assert.Equal([EventTypes.ToolCall, EventTypes.ToolResult, EventTypes.ToolCall, EventTypes.ToolResult], kinds);
    }

    [Fact]
    public async Task RunAsync_EndsRunFailedWithToolLoopLimit_WhenTheModelCallsToolsForever()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new TurnHarness();

        var failure = await Assert.ThrowsAsync<TurnLoopLimitException>(() => harness.RunAsync(server, "fault:tool-loop", TurnSamples.Turn("turn-l")));

        Assert.Contains("kept calling tools", failure.Message, StringComparison.Ordinal);
        Assert.Equal(TurnLimits.MaxModelCalls, server.Requests.Count);
        Assert.Equal(TurnLimits.MaxModelCalls - 1, harness.Tools.Calls.Count);
        var last = harness.Events("turn-l")[^1];
        Assert.Equal(EventTypes.RunFailed, last.Type);
        using var document = JsonDocument.Parse(last.Json);
        Assert.Equal(TurnLimits.LoopLimitCode, document.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("tools:what_if|fault:429x2", 4)]
    [InlineData("tools:what_if|fault:500x1", 3)]
    public async Task RunAsync_RetriesBeforeTheFirstTokenWithoutErrors_WhenTheServerRefusesTransiently(string model, int requests)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, RetryAfterSeconds = 0 });
        var harness = new TurnHarness();

        var output = await harness.RunAsync(server, model, TurnSamples.Turn("turn-r"));

        Assert.Single(output.ToolCalls);
        Assert.Single(harness.Tools.Calls);
        Assert.Equal(requests, server.Requests.Count);
        Assert.DoesNotContain(harness.Events("turn-r"), e => e.Type == EventTypes.Error);
        Assert.Equal(EventTypes.RunCompleted, harness.Events("turn-r")[^1].Type);
    }

    [Theory]
    [InlineData("fault:dropx1", StreamingAdvisor.InterruptedCode)]
    [InlineData("fault:stallx1", "model_stalled")]
    public async Task RunAsync_DiscardsThePartialAnswerAndContinuesUnderANewId_WhenTheAnswersStreamBreaks(string model, string code)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 100, TokensBeforeFault = 5 });
        var harness = new TurnHarness();
        harness.Options.StallTimeoutSeconds = 1.5;

        var output = await harness.RunAsync(server, model, TurnSamples.Turn("turn-b"));

        var events = harness.Views("turn-b");
        var error = Assert.Single(events, e => e.Type == EventTypes.Error);
        Assert.Equal((code, true, "turn-b-s0-a1-m0"), (error.Code, error.Retryable, error.MessageId));
        Assert.Contains(events, e => e.Type == EventTypes.Token && e.MessageId == "turn-b-s0-a1-m0" && e.Seq < error.Seq);
        Assert.Equal("turn-b-s0-a2-m0", Assert.Single(events, e => e.Type == EventTypes.Message).MessageId);
        Assert.Equal([ModelServerOptions.DefaultReply], output.Advice.Messages);
        Assert.Empty(output.ToolCalls);
        StreamAssert.MessagesMatchTheirTokens(events);
    }

    [Theory]
    [InlineData("tools:what_if|fault:dropx1")]
    [InlineData("tools:what_if|fault:stallx1")]
    public async Task RunAsync_RetriesTheToolCallOnceAndRunsTheToolOnce_WhenTheToolCallsStreamBreaks(string model)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, TokensBeforeFault = 3 });
        var harness = new TurnHarness();
        harness.Options.StallTimeoutSeconds = 1.5;

        var output = await harness.RunAsync(server, model, TurnSamples.Turn("turn-c"));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, server.Requests[0].TokensSent);
        Assert.Single(harness.Tools.Calls);
        Assert.Single(harness.Events("turn-c"), e => e.Type == EventTypes.ToolCall);
        Assert.Equal(WhatIfArguments, Assert.Single(output.ToolCalls).Arguments.GetRawText());
        Assert.Equal(EventTypes.RunCompleted, harness.Events("turn-c")[^1].Type);
    }

    [Fact]
    public async Task RunAsync_FailsTheTurnWithRunFailed_WhenTheModelRefusesForGood()
    {
        await using var server = await ModelServerHost.StartAsync();
        var harness = new TurnHarness();

        var failure = await Assert.ThrowsAsync<ActivityFailedException>(() => harness.RunAsync(server, "fault:401", TurnSamples.Turn("turn-401")));

        Assert.Equal(nameof(ConversationTurnActivities.CallAdvisorModel), failure.ActivityName);
        Assert.Contains("HTTP 401", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(ConversationTurnOrchestration.ModelRetry.MaxNumberOfAttempts, server.Requests.Count);
        var last = harness.Events("turn-401")[^1];
        Assert.Equal(EventTypes.RunFailed, last.Type);
        using var document = JsonDocument.Parse(last.Json);
        Assert.Equal("advisor_failed", document.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RunAsync_StopsAndAbortsTheModelRequest_WhenTheTurnIsTerminatedMidAnswer()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 20, ChunkCharacters = 3 });
        var harness = new TurnHarness();
        var tokens = 0;
        harness.Log.Appended += stored =>
        {
            if (stored.Type == EventTypes.Token && Interlocked.Increment(ref tokens) == 3)
            {
                harness.Log.AppendAsync(stored.RunId, [new EventDraft(new RunTerminated("user asked") { RunId = stored.RunId })]).GetAwaiter().GetResult();
            }
        };

        await Assert.ThrowsAsync<RunClosedException>(() => harness.RunAsync(server, "tools:what_if", TurnSamples.Turn("turn-t")));

        Assert.Equal(EventTypes.RunTerminated, harness.Events("turn-t")[^1].Type);
        await StreamAssert.EventuallyAsync(() => server.Requests.Count == 2 && server.Requests[1].Aborted);
        Assert.Single(harness.Tools.Calls);
    }
}
