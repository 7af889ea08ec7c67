extern alias ModelServer;

using System.Net.Http.Json;
using System.Text.Json;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>
/// The LLM path of a turn through the self-host's routes: the real OpenAI client against the local model server, which
/// streams a <c>what_if</c> tool call (arguments split across chunks) and answers after the <c>tool</c> message.
/// </summary>
public sealed class ModelTurnTests
{
    [Fact]
    public async Task Turn_WithAModel_StreamsTheToolCall_RunsTheTool_AndAnswersWithItsResult()
    {
        var options = new ModelServerOptions { TokensPerSecond = 0 };
        options.ToolArguments["what_if"] = """{"trades":[{"ticker":"VTI","shares":-10},{"ticker":"BND","shares":5}]}""";
        await using var backed = await ModelBackedHost.StartAsync("tools:what_if", options);
        using var client = backed.Host.CreateUserClient();
        var analysis = await ConversationClient.CompletedAnalysisAsync(client);

        var turn = await ConversationClient.AskRunAsync(client, analysis, "Should I move some VTI into bonds?");
        var status = await RunClient.WaitForEndAsync(client, turn);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(client, turn);
        var finals = ConversationContractCases.AssertTurnEvents(events, turn, analysis);
        var call = Assert.Single(events, e => e.GetProperty("type").GetString() == "tool_call");
        var result = Assert.Single(events, e => e.GetProperty("type").GetString() == "tool_result").GetProperty("result");
        Assert.Equal("what_if", call.GetProperty("name").GetString());
        Assert.Equal(-10, call.GetProperty("arguments").GetProperty("trades")[0].GetProperty("shares").GetDouble());
        Assert.Equal(110, result.GetProperty("holdings").EnumerateArray().Single(h => h.GetProperty("ticker").GetString() == "VTI").GetProperty("shares").GetDouble());
        var answer = Assert.Single(finals);
        Assert.StartsWith(ModelServerOptions.ToolAnswerPrefix, answer, StringComparison.Ordinal);
        Assert.Contains(result.GetProperty("totalValue").GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture), answer, StringComparison.Ordinal);
        var output = status.GetProperty("output");
        Assert.Equal("tools:what_if", output.GetProperty("advice").GetProperty("model").GetString());
        Assert.Equal(result.GetRawText(), Assert.Single(output.GetProperty("toolCalls").EnumerateArray()).GetProperty("result").GetRawText());

        var turnRequests = backed.Server.Requests.Where(r => r.Tools.Count > 0).ToList();
        Assert.Equal(2, turnRequests.Count);
        Assert.Equal(["what_if", "holding_details"], turnRequests[0].Tools.Order().Reverse());
        Assert.Contains(turnRequests[0].Messages, m => m.Role == "user" && m.Content == "Should I move some VTI into bonds?");
        Assert.Contains(turnRequests[1].Messages, m => m.Role == "tool");
        var transcript = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{analysis}/messages");
        Assert.Equal(answer, transcript.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());
    }
}
