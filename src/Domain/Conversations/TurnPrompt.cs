using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The messages of one model call of a turn: the persona's system text with the turn's rules, the analysis as facts
/// (<see cref="AdvisorPrompt.Facts"/>) and the advice it gave, the conversation so far bounded by
/// <see cref="ConversationBudgetCharacters"/> (the newest turns verbatim, older turns dropped whole and counted in the
/// system text), the question, then this turn's earlier model calls with their tool calls and results.
/// </summary>
public static class TurnPrompt
{
    /// <summary>
    /// Characters of earlier turns kept verbatim: 12,000 (about 3,000 tokens). The newest turn is always kept; older
    /// turns are added newest first while they fit, and the rest are dropped.
    /// </summary>
    public const int ConversationBudgetCharacters = 12_000;

    /// <summary>The rules a turn adds to the persona's system text.</summary>
    public const string TurnRules =
        "You are answering a follow-up question about the analysis below. For figures the facts do not hold, such as the "
        + "portfolio after a trade (tool what_if) or one fund's details (tool holding_details), call the tools and quote "
        + "the figures they return; never compute them yourself. Answer only the question, briefly.";

    /// <summary>
    /// The messages for model call <paramref name="input"/> in <paramref name="persona"/>'s voice;
    /// <paramref name="alreadySaid"/> are messages an earlier attempt of this call already delivered (to be continued).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ChatMessage> Build(CallAdvisorModelInput input, Persona persona, IReadOnlyList<string> alreadySaid)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(alreadySaid);
        var turn = input.Turn;
        var analysis = turn.Analysis;
        var (kept, dropped) = Bound(turn.Conversation);
        var system = AdvisorPrompt.SystemText(persona, turn.Language) + TurnRules
            + (dropped > 0 ? string.Create(CultureInfo.InvariantCulture, $"\n{dropped} older message(s) of this conversation are left out.") : "");
        var facts = AdvisorPrompt.Facts(new Orchestration.AdvisorInput(
            turn.Run, persona.Name, turn.Language, turn.RiskProfile,
            new PricedPortfolio(analysis.AsOf, analysis.BaseCurrency, analysis.TotalValue, analysis.Holdings),
            analysis.Risk, analysis.Performance, analysis.Recommendations));
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, system),
            new(ChatRole.User, "Here is the analysis of my portfolio. Please advise me.\n\n" + facts),
        };
        if (analysis.Advice.Messages.Count > 0)
        {
            messages.Add(new(ChatRole.Assistant, string.Join("\n\n", analysis.Advice.Messages)));
        }

        messages.AddRange(kept.Select(m => new ChatMessage(m.Role == "user" ? ChatRole.User : ChatRole.Assistant, m.Content)));
        messages.Add(new(ChatRole.User, turn.Question));
        foreach (var exchange in input.Exchanges)
        {
            var said = string.Join("\n\n", exchange.Step.Messages);
            var contents = new List<AIContent>();
            if (said.Length > 0)
            {
                contents.Add(new TextContent(said));
            }

            contents.AddRange(exchange.Step.ToolCalls.Select(c => new FunctionCallContent(c.ToolCallId, c.Name, Arguments(c.Arguments))));
            messages.Add(new(ChatRole.Assistant, contents));
            messages.AddRange(exchange.Results.Select(r => new ChatMessage(ChatRole.Tool, [new FunctionResultContent(r.ToolCallId, ToolAnswer(r))])));
        }

        if (alreadySaid.Count > 0)
        {
            messages.Add(new(ChatRole.Assistant, string.Join("\n\n", alreadySaid)));
            messages.Add(new(ChatRole.User, "Your reply was cut off after the messages above. Continue from there; do not repeat them."));
        }

        return messages;
    }

    /// <summary>What the model reads as a tool's answer: its result object, or <c>{ "error": "…" }</c>.</summary>
    public static JsonElement ToolAnswer(TurnToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Result ?? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = call.Error ?? "The tool gave no result." });
    }

    /// <summary>The newest messages whose turns fit the budget (whole turns), and how many older ones were dropped.</summary>
    private static (IReadOnlyList<ConversationMessage> Kept, int Dropped) Bound(IReadOnlyList<ConversationMessage> conversation)
    {
        var turns = new List<List<ConversationMessage>>();
        foreach (var message in conversation)
        {
            if (turns.Count == 0 || turns[^1][0].TurnId != message.TurnId)
            {
                turns.Add([]);
            }

            turns[^1].Add(message);
        }

        var kept = new List<List<ConversationMessage>>();
        var used = 0;
        for (var i = turns.Count - 1; i >= 0; i--)
        {
            var size = turns[i].Sum(m => m.Content.Length);
            if (kept.Count > 0 && used + size > ConversationBudgetCharacters)
            {
                break;
            }

            kept.Insert(0, turns[i]);
            used += size;
        }

        var flat = kept.SelectMany(t => t).ToList();
        return (flat, conversation.Count - flat.Count);
    }

    private static Dictionary<string, object?> Arguments(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : [];
}
