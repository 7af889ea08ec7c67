using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class TurnPromptTests
{
    [Fact]
    public void Build_CarriesTheFiguresTheAdviceTheConversationAndTheQuestion_InThePersonasVoiceAndLanguage()
    {
        var conversation = new List<ConversationMessage>
        {
            new("user", "Why sell QQQ?", "turn-0", null),
            new("assistant", "Because it is 72.9% of the portfolio.", "turn-0", "turn-0-s0-a1-m0"),
        };
        var input = new CallAdvisorModelInput(TurnSamples.Turn("turn-1", "And BND?", "xiaomei", "zh-CN", conversation), 0, []);

        var messages = TurnPrompt.Build(input, PersonaCatalog.Xiaomei, []);

        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains("Xiaomei", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("'zh-CN'", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("call the tools", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("$123,457", messages[1].Text, StringComparison.Ordinal);
        Assert.Contains("Trim your largest position", messages[1].Text, StringComparison.Ordinal);
        Assert.Equal((ChatRole.Assistant, "Your portfolio leans on QQQ."), (messages[2].Role, messages[2].Text));
        Assert.Equal(["Why sell QQQ?", "Because it is 72.9% of the portfolio.", "And BND?"], messages.Skip(3).Select(m => m.Text));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Skip(3).Select(m => m.Role));
    }

    [Fact]
    public void Build_KeepsTheNewestTurnsVerbatimAndDropsOlderOnes_WhenTheConversationOutgrowsTheBudget()
    {
        var answer = new string('x', TurnPrompt.ConversationBudgetCharacters / 4);
        var conversation = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            new ConversationMessage("user", $"question {i}", $"turn-{i}", null),
            new ConversationMessage("assistant", answer, $"turn-{i}", $"turn-{i}-s0-a1-m0"),
        }).ToList();
        var input = new CallAdvisorModelInput(TurnSamples.Turn("turn-10", "last question", conversation: conversation), 0, []);

        var messages = TurnPrompt.Build(input, PersonaCatalog.Analyst, []);

        var questions = messages.Where(m => m.Role == ChatRole.User && m.Text.StartsWith("question ", StringComparison.Ordinal)).Select(m => m.Text).ToList();
        Assert.Equal(["question 7", "question 8", "question 9"], questions);
        Assert.Contains("14 older message(s) of this conversation are left out", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("last question", messages[^1].Text);
        Assert.True(messages.Skip(3).Sum(m => m.Text.Length) <= TurnPrompt.ConversationBudgetCharacters + "last question".Length);
    }

    [Fact]
    public void Build_SendsEarlierToolCallsAndTheirResults_InTheOrderTheModelAskedForThem()
    {
        var arguments = System.Text.Json.JsonDocument.Parse("""{"ticker":"BND"}""").RootElement;
        var step = new ModelStep([], [new ToolCallRequest("call-9", "holding_details", arguments)], "m");
        var exchange = new TurnExchange(step, [new TurnToolCall("call-9", "holding_details", arguments, null, "BND is not held.")]);
        var input = new CallAdvisorModelInput(TurnSamples.Turn("turn-x"), 1, [exchange]);

        var messages = TurnPrompt.Build(input, PersonaCatalog.Analyst, []);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(messages[^2].Contents));
        Assert.Equal(("call-9", "holding_details"), (call.CallId, call.Name));
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(messages[^1].Contents));
        Assert.Equal((ChatRole.Tool, "call-9"), (messages[^1].Role, result.CallId));
        Assert.Contains("BND is not held.", result.Result!.ToString(), StringComparison.Ordinal);
    }
}
