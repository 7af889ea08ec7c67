extern alias ModelServer;

using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Tests.Orchestrations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>A turn's LLM path on the Durable engine: the real OpenAI client against the local model server streaming a tool call.</summary>
public sealed class ModelTurnTests(WhatIfModelHost host) : IClassFixture<WhatIfModelHost>
{
    [Fact]
    public async Task Turn_RunsTheStreamedToolCallAndAnswersWithItsResult_When_TheModelCallsWhatIf()
    {
        var (analysisId, analysis) = await TurnRuns.AnalysisAsync(host);
        var input = TurnRuns.Turn(analysisId, analysis, "What if I sell 20 VTI?");
        var before = host.Server.Requests.Count;

        var end = await TurnRuns.RunAsync(host, input);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        var requests = host.Server.Requests.Skip(before).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(["holding_details", "what_if"], requests[0].Tools.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(requests[0].Messages, m => m.Role == "tool");
        Assert.Contains(requests[1].Messages, m => m.Role == "tool");

        // The result the tool gives for the arguments the model streamed, computed here without the turn.
        using var arguments = JsonDocument.Parse("""{"trades":[{"ticker":"VTI","shares":-20}]}""");
        var expected = host.Services.GetRequiredService<IAdvisorTools>().Invoke("what_if", arguments.RootElement, analysis);
        Assert.Null(expected.Error);

        var events = TurnRuns.AssertTurnLog(host, input.Run.RunId, analysisId, EventTypes.RunCompleted);
        var call = Assert.Single(TurnRuns.OfType(events, EventTypes.ToolCall));
        Assert.Equal("what_if", call.GetProperty("name").GetString());
        Assert.True(JsonElement.DeepEquals(arguments.RootElement, call.GetProperty("arguments")));
        var result = Assert.Single(TurnRuns.OfType(events, EventTypes.ToolResult));
        Assert.True(JsonElement.DeepEquals(expected.Result!.Value, result.GetProperty("result")));

        var output = await TurnRuns.StatusOutputAsync(host, input.Run.RunId);
        Assert.Equal(host.Model, output["advice"]!["model"]!.GetValue<string>());
        var answer = string.Concat(output["advice"]!["messages"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.StartsWith(ModelServer::PortfolioAdvisor.ModelServer.ModelServerOptions.ToolAnswerPrefix, answer, StringComparison.Ordinal);
        var toolCall = Assert.Single(output["toolCalls"]!.AsArray())!;
        Assert.Equal(call.GetProperty("toolCallId").GetString(), toolCall["toolCallId"]!.GetValue<string>());
        Assert.True(JsonElement.DeepEquals(expected.Result!.Value, JsonSerializer.SerializeToElement(toolCall["result"])));
        Assert.Equal(
            [nameof(ConversationTurnActivities.StartTurn), nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.RunAdvisorTool),
             nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.CompleteTurn)],
            host.Invocations.Of(input.Run.RunId).Select(a => a.Activity));
    }
}

/// <summary>A model that never stops calling tools, on the Durable engine.</summary>
public sealed class ToolLoopTurnTests(ToolLoopModelHost host) : IClassFixture<ToolLoopModelHost>
{
    [Fact]
    public async Task Turn_EndsRunFailedWithTheLoopLimitCode_When_TheModelKeepsCallingTools()
    {
        var (analysisId, analysis) = await TurnRuns.AnalysisAsync(host);
        var input = TurnRuns.Turn(analysisId, analysis, "What if I sell 20 VTI?");

        var end = await TurnRuns.RunAsync(host, input);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Failed, AnalysisRuns.Describe(host, end));
        var events = TurnRuns.AssertTurnLog(host, input.Run.RunId, analysisId, EventTypes.RunFailed);
        Assert.Equal(TurnLimits.LoopLimitCode, events[^1].GetProperty("code").GetString());
        var attempts = host.Invocations.Of(input.Run.RunId).GroupBy(a => a.Activity).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(TurnLimits.MaxModelCalls, attempts[nameof(ConversationTurnActivities.CallAdvisorModel)]);
        Assert.Equal(TurnLimits.MaxModelCalls - 1, attempts[nameof(ConversationTurnActivities.RunAdvisorTool)]);
        Assert.Equal(1, attempts[nameof(ConversationTurnActivities.FailTurn)]);
        Assert.False(attempts.ContainsKey(nameof(ConversationTurnActivities.CompleteTurn)));
        Assert.Equal(TurnLimits.MaxModelCalls - 1, TurnRuns.OfType(events, EventTypes.ToolResult).Count);
        Assert.Contains(nameof(TurnLoopLimitException), end.FailureDetails!.ErrorType, StringComparison.Ordinal);
    }
}
