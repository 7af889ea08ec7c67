using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// Reads what the offline advisor needs from a chat request as the agent loop builds it: the persona and language, the
/// tool calls already answered, and whether the request asks to continue a reply cut short.
/// </summary>
internal static partial class OfflineTurnRequest
{
    /// <summary>
    /// The persona and language: from <see cref="ChatOptions.AdditionalProperties"/> when set, else from the system
    /// prompt (<see cref="AdvisorPrompt.SystemText"/> holds the persona's own prompt and "BCP 47 tag '…'"), else
    /// <c>analyst</c> and no language (English).
    /// </summary>
    public static (Persona Persona, string? Language) PersonaAndLanguage(IList<ChatMessage> messages, ChatOptions? options)
    {
        var system = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var persona = PersonaCatalog.TryGet(Property(options, OfflineTurnChatClient.PersonaProperty), out var named)
            ? named
            : new[] { PersonaCatalog.Xiaomei, PersonaCatalog.Analyst }.FirstOrDefault(p => system.Contains(p.SystemPrompt, StringComparison.Ordinal))
              ?? PersonaCatalog.Analyst;
        var language = Property(options, OfflineTurnChatClient.LanguageProperty)
            ?? (LanguageInPrompt().Match(system) is { Success: true } match ? match.Groups[1].Value : null);
        return (persona, language);
    }

    /// <summary>
    /// When the request ends with an assistant's text and a user message that is no tool question (the loop's "continue
    /// after the messages above"), the messages before that text and the text's messages (split at blank lines).
    /// </summary>
    public static (IList<ChatMessage> Before, IReadOnlyList<string> Said)? Continuation(IList<ChatMessage> messages)
    {
        if (messages.Count < 3 || messages[^1].Role != ChatRole.User || messages[^2].Role != ChatRole.Assistant
            || !messages[^2].Contents.All(c => c is TextContent) || messages[^2].Text.Length == 0)
        {
            return null;
        }

        var said = messages[^2].Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ([.. messages.Take(messages.Count - 2)], said);
    }

    /// <summary>The trailing function results paired with the calls of the assistant message before them.</summary>
    public static List<AnsweredToolCall> AnsweredCalls(IList<ChatMessage> messages)
    {
        var results = new List<FunctionResultContent>();
        var k = messages.Count - 1;
        for (; k >= 0 && messages[k].Contents.Count > 0 && messages[k].Contents.All(c => c is FunctionResultContent); k--)
        {
            results.InsertRange(0, messages[k].Contents.Cast<FunctionResultContent>());
        }

        if (results.Count == 0)
        {
            return [];
        }

        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        for (; k >= 0; k--)
        {
            var found = messages[k].Contents.OfType<FunctionCallContent>().ToList();
            if (found.Count > 0)
            {
                foreach (var call in found)
                {
                    calls.TryAdd(call.CallId, call);
                }

                break;
            }
        }

        return [.. results.Select(result => calls.TryGetValue(result.CallId, out var call)
            ? new AnsweredToolCall(call.Name, ToolJson.ToElement(call.Arguments ?? new Dictionary<string, object?>()), ResultElement(result))
            : new AnsweredToolCall(Guess(ResultElement(result)), default, ResultElement(result)))];
    }

    /// <summary>The result as JSON, whatever form the loop (or a serialization round trip) left it in.</summary>
    private static JsonElement ResultElement(FunctionResultContent content)
    {
        if (content.Exception is { } exception)
        {
            return ToolJson.ToElement(new { error = exception.Message });
        }

        switch (content.Result)
        {
            case JsonElement element:
                return element;
            case JsonNode node:
                return ToolJson.ToElement(node);
            case string text:
                try
                {
                    using var document = JsonDocument.Parse(text);
                    return document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return ToolJson.ToElement(new { error = text });
                }

            case null:
                return ToolJson.ToElement(new { error = "The tool returned nothing." });
            default:
                return JsonSerializer.SerializeToElement(content.Result, AIJsonUtilities.DefaultOptions);
        }
    }

    private static string Guess(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("contributionToRisk", out _) ? HoldingDetailsTool.Name : WhatIfTool.Name;

    private static string? Property(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(key, out var value) ? value?.ToString() : null;

    [GeneratedRegex(@"BCP 47 tag '([A-Za-z0-9\-]{1,64})'", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageInPrompt();
}
