using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Tests.Analytics;
using static PortfolioAdvisor.Tests.Conversations.ConversationSamples;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>The offline advisor driven as the agent loop drives a model: question → tool calls → results → answer.</summary>
public sealed class OfflineTurnChatClientTests
{
    private readonly OfflineTurnChatClient client = new(
        TestMarkets.Bundled, Options.Create(new AdvisorOptions { OfflineTokensPerSecond = 100_000 }), TimeProvider.System);

    [Fact]
    public async Task GetResponseAsync_AsksForOneWhatIfCall_When_TheQuestionIsATradeQuestion()
    {
        var response = await client.GetResponseAsync(Question("What if I sell 20 VTI and buy 15 BND?"));

        Assert.Equal("offline", response.ModelId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_1", call.CallId);
        Assert.Equal(WhatIfTool.Name, call.Name);
        Assert.Equal("""{"trades":[{"ticker":"VTI","shares":-20},{"ticker":"BND","shares":15}]}""", JsonSerializer.Serialize(call.Arguments));
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
        Assert.Empty(response.Text);
    }

    [Fact]
    public async Task Answer_CitesTheWhatIfFiguresBeforeAndAfter_FromTheToolResult()
    {
        var (text, result) = await AskAndAnswerAsync("what if I sell 20 VTI and buy 15 BND");

        Assert.StartsWith(OfflineTurnWriter.Label, text, StringComparison.Ordinal);
        var before = result.GetProperty("before");
        foreach (var (path, format) in new (string[] Path, Func<double, string> Format)[]
        {
            (["risk", "annualizedVolatility"], Figures.Pct),
            (["risk", "maxDrawdown"], Figures.Pct),
            (["risk", "valueAtRisk95"], Figures.Pct),
            (["risk", "conditionalValueAtRisk95"], Figures.Pct),
            (["risk", "beta"], Figures.Ratio),
            (["risk", "sharpeRatio"], Figures.Ratio),
            (["risk", "herfindahlIndex"], Figures.Ratio),
            (["totalValue"], Figures.Usd),
        })
        {
            var expected = $"{format(Get(before, path))} → {format(Get(result, path))}";
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains($"1-year {Figures.SignedPct(Get(before, ["performance", "totalReturn1Y"]))} → {Figures.SignedPct(Get(result, ["performance", "totalReturn1Y"]))}", text, StringComparison.Ordinal);
        var largest = result.GetProperty("holdings").EnumerateArray().MaxBy(h => h.GetProperty("weight").GetDouble());
        Assert.Contains($"→ {largest.GetProperty("ticker").GetString()} {Figures.Pct(largest.GetProperty("weight").GetDouble())}", text, StringComparison.Ordinal);
        Assert.Contains($"VTI {Figures.Pct(Example.Holdings[0].Weight)} →", text, StringComparison.Ordinal);
        Assert.Contains("sell 20 VTI and buy 15 BND", text, StringComparison.Ordinal);
        Assert.Contains("as of 2025-10-01", text, StringComparison.Ordinal);
        Assert.Contains("VTI 100 (", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_CitesTheHoldingsFigures_When_AskedAboutAHolding()
    {
        var (text, result) = await AskAndAnswerAsync("Tell me about BND");

        foreach (var figure in new[]
        {
            "BND — Vanguard Total Bond Market ETF (bonds)",
            $"250 shares at ${result.GetProperty("price").GetDouble():#,##0.00}",
            $"= {Figures.Usd(result.GetProperty("marketValue").GetDouble())}",
            $"annualized volatility {Figures.Pct(result.GetProperty("annualizedVolatility").GetDouble())}",
            $"1-year return {Figures.SignedPct(result.GetProperty("totalReturn1Y").GetDouble())}",
            $"Contribution to risk {Figures.Pct(result.GetProperty("contributionToRisk").GetDouble())} against a weight of {Figures.Pct(result.GetProperty("weight").GetDouble())}",
        })
        {
            Assert.Contains(figure, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Answer_ExplainsTheError_When_TheToolFailed()
    {
        var (text, _) = await AskAndAnswerAsync("what if I sell 500 VTI");

        Assert.StartsWith(OfflineTurnWriter.PlainLabel, text, StringComparison.Ordinal);
        Assert.Contains("I could not compute what happens if you sell 500 VTI: Cannot sell 500 VTI: the portfolio holds only 120.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_ReadsResultsInEveryFormTheLoopMayPass()
    {
        var history = Question("Tell me about VTI and GLD").ToList();
        var calls = (await client.GetResponseAsync(history)).Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        var vti = Succeeded(Tools.Invoke(calls[0].Name, JsonSerializer.SerializeToElement(calls[0].Arguments), Example));
        history.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", vti.GetRawText())]));
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_2", JsonSerializer.SerializeToElement(new { error = "GLD is gone." }))]));

        var text = (await client.GetResponseAsync(history)).Text;

        Assert.Contains($"annualized volatility {Figures.Pct(vti.GetProperty("annualizedVolatility").GetDouble())}", text, StringComparison.Ordinal);
        Assert.Contains("I could not compute the details of GLD: GLD is gone.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Why should I sell VTI?")]
    [InlineData("what if I sell lots of VTI")]
    [InlineData("tell me about bonds")]
    public async Task GetResponseAsync_AnswersWhatItCanDo_When_TheQuestionIsNoForm(string question)
    {
        var response = await client.GetResponseAsync(Question(question));

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.StartsWith(OfflineTurnWriter.PlainLabel, response.Text, StringComparison.Ordinal);
        Assert.Contains("\"What if I sell|buy N TICKER\"", response.Text, StringComparison.Ordinal);
        Assert.Contains("\"Tell me about TICKER\"", response.Text, StringComparison.Ordinal);
        Assert.Contains("VTI, VBR, MTUM", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamsTheSameAnswerWordByWord()
    {
        var history = await WithResultsAsync("what if I sell 20 VTI and buy 15 BND");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(history))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count > 50, $"{updates.Count} updates");
        Assert.All(updates, u => Assert.Equal("offline", u.ModelId));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal((await client.GetResponseAsync(history)).Text, string.Concat(updates.Select(u => u.Text)));

        var planned = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Question("what if I sell 20 VTI")))
        {
            planned.Add(update);
        }

        var only = Assert.Single(planned);
        Assert.Equal(ChatFinishReason.ToolCalls, only.FinishReason);
        Assert.Equal("call_1", Assert.IsType<FunctionCallContent>(Assert.Single(only.Contents)).CallId);
    }

    [Fact]
    public async Task Answer_WritesSeveralWarmMessages_When_ThePersonaIsXiaomei()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OfflineTurnChatClient.PersonaProperty] = "xiaomei", [OfflineTurnChatClient.LanguageProperty] = "zh-CN" } };
        var history = await WithResultsAsync("what if I sell 20 VTI and buy 15 BND");

        var text = (await client.GetResponseAsync(history, options)).Text;

        var messages = text.Split("\n\n");
        Assert.True(messages.Length >= 4, text);
        Assert.Contains("Offline answers are in English (you asked for 'zh-CN').", messages[0], StringComparison.Ordinal);
        Assert.Contains("😊", text, StringComparison.Ordinal);
        var result = JsonSerializer.SerializeToElement(((FunctionResultContent)history[^1].Contents[0]).Result);
        Assert.Contains($"{Figures.Pct(Get(result, ["before", "risk", "annualizedVolatility"]))} → {Figures.Pct(Get(result, ["risk", "annualizedVolatility"]))}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_GivesTheMetadata()
    {
        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));

        Assert.Equal("offline", metadata.DefaultModelId);
        Assert.Same(client, client.GetService(typeof(IChatClient)));
        Assert.Null(client.GetService(typeof(IChatClient), "key"));
    }

    private static List<ChatMessage> Question(string text) =>
        [new(ChatRole.System, "You are the advisor."), new(ChatRole.User, text)];

    /// <summary>The conversation after the client's calls ran through the real tools, as the loop would hand it back.</summary>
    private async Task<List<ChatMessage>> WithResultsAsync(string question)
    {
        var history = Question(question);
        var calls = (await client.GetResponseAsync(history)).Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.NotEmpty(calls);
        history.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
        foreach (var call in calls)
        {
            var outcome = Tools.Invoke(call.Name, JsonSerializer.SerializeToElement(call.Arguments), Example);
            var result = outcome.Result ?? JsonSerializer.SerializeToElement(new { error = outcome.Error });
            history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
        }

        return history;
    }

    private async Task<(string Text, JsonElement Result)> AskAndAnswerAsync(string question)
    {
        var history = await WithResultsAsync(question);
        var response = await client.GetResponseAsync(history);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("offline", response.ModelId);
        return (response.Text, (JsonElement)((FunctionResultContent)history[^1].Contents[0]).Result!);
    }

    private static double Get(JsonElement element, string[] path) =>
        path.Aggregate(element, (e, name) => e.GetProperty(name)).GetDouble();
}

/// <summary>The offline advisor in the request shapes the agent loop builds: persona in the system prompt, a cut-short reply continued.</summary>
public sealed class OfflineTurnContinuationTests
{
    private readonly OfflineTurnChatClient client = new(
        TestMarkets.Bundled, Options.Create(new AdvisorOptions { OfflineTokensPerSecond = 100_000 }), TimeProvider.System);

    [Fact]
    public async Task Reply_TakesPersonaAndLanguageFromTheSystemPrompt_When_TheOptionsNameNone()
    {
        var history = new List<ChatMessage> { new(ChatRole.System, AdvisorPrompt.SystemText(PersonaCatalog.Xiaomei, "pt-BR")), new(ChatRole.User, "hello?") };

        var text = (await client.GetResponseAsync(history)).Text;

        Assert.Contains("Sorry, without a language model", text, StringComparison.Ordinal);
        Assert.Contains("you asked for 'pt-BR'", text, StringComparison.Ordinal);
        Assert.True(text.Split("\n\n").Length >= 4, text);
    }

    [Fact]
    public async Task Reply_GoesOnAfterTheMessagesAlreadySaid_When_AMultiMessageReplyWasCutShort()
    {
        var system = new ChatMessage(ChatRole.System, AdvisorPrompt.SystemText(PersonaCatalog.Xiaomei, "en"));
        var whole = (await client.GetResponseAsync([system, new(ChatRole.User, "hello?")])).Text.Split("\n\n");
        var cut = new List<ChatMessage>
        {
            system,
            new(ChatRole.User, "hello?"),
            new(ChatRole.Assistant, string.Join("\n\n", whole.Take(2))),
            new(ChatRole.User, "Your reply was cut off after the messages above. Continue from there; do not repeat them."),
        };

        var rest = (await client.GetResponseAsync(cut)).Text;

        Assert.Equal(string.Join("\n\n", whole.Skip(2)), rest);
    }

    [Fact]
    public async Task Reply_AnswersTheNewQuestion_When_TheHistoryEndsWithACompleteAnswer()
    {
        var system = new ChatMessage(ChatRole.System, AdvisorPrompt.SystemText(PersonaCatalog.Xiaomei, "en"));
        var whole = (await client.GetResponseAsync([system, new(ChatRole.User, "hello?")])).Text;
        var history = new List<ChatMessage> { system, new(ChatRole.User, "hello?"), new(ChatRole.Assistant, whole), new(ChatRole.User, "and now?") };

        Assert.Equal(whole, (await client.GetResponseAsync(history)).Text);
        history[^1] = new ChatMessage(ChatRole.User, "tell me about VTI");
        Assert.Equal(HoldingDetailsTool.Name, Assert.Single((await client.GetResponseAsync(history)).Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()).Name);
    }
}
