using System.Globalization;
using System.Text.Json;
using PortfolioAdvisor.Advisor;
using static PortfolioAdvisor.Conversations.ToolResultReader;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// Writes the offline advisor's answers to turns, without a language model: from the tool results' figures, or, for a
/// question it cannot parse, an honest list of what it can answer. In the persona's voice (several short warm messages
/// for a multi-message persona, one structured message otherwise) and always in English, as the analysis' offline
/// reply (<see cref="OfflineReplyWriter"/>) is.
/// </summary>
public static class OfflineTurnWriter
{
    /// <summary>The first line of every offline answer written from tool results.</summary>
    public const string Label = "(Offline advisor — no language model configured; this answer is written from the tools' figures.)";

    /// <summary>The first line of every other offline answer.</summary>
    public const string PlainLabel = "(Offline advisor — no language model configured.)";

    /// <summary>
    /// The answer's messages, in order, to the tool calls in <paramref name="calls"/>: each call's name, its arguments
    /// and what it returned (the tool's result object, or <c>{ "error": "..." }</c> for a failed call).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Answer(IReadOnlyList<AnsweredToolCall> calls, Persona persona, string? language)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(persona);
        var anyResult = calls.Any(c => Error(c.Result) is null);
        var messages = new List<string>();
        foreach (var call in calls)
        {
            messages.AddRange(Error(call.Result) is { } error
                ? [Failed(call, error, persona)]
                : call.Name switch
                {
                    WhatIfTool.Name => OfflineWhatIfWriter.Write(call.Arguments, call.Result, persona),
                    HoldingDetailsTool.Name => [Holding(call.Result, persona)],
                    _ => [$"The tool {call.Name} answered, but the offline advisor cannot read its result."],
                });
        }

        return Labelled(anyResult ? Label : PlainLabel, language, messages, persona);
    }

    /// <summary>
    /// The answer to a question that is none of the forms <see cref="OfflineQuestions"/> understands: what the offline
    /// advisor can answer, with the funds of <paramref name="tickers"/> it can trade.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Fallback(IReadOnlyCollection<string> tickers, Persona persona, string? language)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        ArgumentNullException.ThrowIfNull(persona);
        var funds = string.Join(", ", tickers);
        List<string> messages = persona.MultiMessage
            ?
            [
                "Sorry, without a language model I can only answer two kinds of questions 🙏",
                "\"What if I sell 20 VTI and buy 15 BND?\": I recompute your portfolio's risk and returns after those trades (several trades joined by \"and\" or commas).",
                "\"Tell me about VTI\": one of your holdings, its swings, its past year and how much of your risk it carries.",
                $"The funds I know: {funds}. For anything else, a language model has to be configured.",
            ]
            :
            [
                string.Join('\n',
                    "Without a language model I answer only these questions:",
                    "- \"What if I sell|buy N TICKER\" (several trades joined by \"and\" or commas, e.g. \"What if I sell 20 VTI and buy 15 BND?\"): the portfolio's risk and performance after the trades, as of the analysis' date.",
                    "- \"Tell me about TICKER\" (e.g. \"Tell me about VTI\"): one holding's position, annualized volatility, 1-year return and contribution to risk.",
                    $"Funds in the market data: {funds}. Any other question needs a language model (Advisor:Endpoint)."),
            ];
        return Labelled(PlainLabel, language, messages, persona);
    }

    private static string Holding(JsonElement result, Persona persona)
    {
        var ticker = Text(result, "ticker");
        var name = Text(result, "name");
        var weight = Figures.Pct(Number(result, "weight") ?? 0);
        var volatility = Figures.Pct(Number(result, "annualizedVolatility") ?? 0);
        var oneYear = Figures.SignedPct(Number(result, "totalReturn1Y"));
        var contribution = Number(result, "contributionToRisk") ?? 0;
        var share = Figures.Pct(contribution);
        var price = (Number(result, "price") ?? 0).ToString("$#,##0.00", CultureInfo.InvariantCulture);
        var position = $"{Figures.Shares(Number(result, "shares") ?? 0)} shares at {price} = {Figures.Usd(Number(result, "marketValue") ?? 0)}";
        var verdict = contribution > (Number(result, "weight") ?? 0)
            ? "it adds more risk than its size"
            : "it adds less risk than its size";
        return persona.MultiMessage
            ? $"{ticker} ({name}) 😊 You hold {position}, {weight} of your portfolio. On its own it swings about {volatility} a year, and over the past year it returned {oneYear}. It carries {share} of your portfolio's risk, so {verdict}."
            : $"{ticker} — {name} ({Text(result, "assetClass")}): {position}, {weight} of the portfolio. Alone over the analysis' risk window: annualized volatility {volatility}; 1-year return {oneYear}. Contribution to risk {share} against a weight of {weight}: {verdict}.";
    }

    private static string Failed(AnsweredToolCall call, string error, Persona persona)
    {
        var what = call.Name switch
        {
            WhatIfTool.Name => $"what happens if you {OfflineWhatIfWriter.Describe(call.Arguments)}",
            HoldingDetailsTool.Name => $"the details of {Text(call.Arguments, "ticker")?.ToUpperInvariant() ?? "that holding"}",
            _ => $"that ({call.Name})",
        };
        return persona.MultiMessage
            ? $"Hmm, I couldn't work out {what} 😅 {error}"
            : $"I could not compute {what}: {error}";
    }

    private static List<string> Labelled(string label, string? language, List<string> messages, Persona persona)
    {
        var note = language is null || language.StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? ""
            : $" Offline answers are in English (you asked for '{language}').";
        if (messages.Count == 0)
        {
            return [label + note];
        }

        messages[0] = $"{label}{note}\n{messages[0]}";
        return persona.MultiMessage ? messages : [string.Join('\n', messages)];
    }
}

/// <summary>A tool call and its outcome as the agent loop returned it: <paramref name="Result"/> is the tool's result
/// object, or <c>{ "error": "..." }</c> for a failed call.</summary>
public sealed record AnsweredToolCall(string Name, JsonElement Arguments, JsonElement Result);
