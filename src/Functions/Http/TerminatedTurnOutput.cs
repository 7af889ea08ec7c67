using System.Text.Json;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The output of a turn its owner terminated, rebuilt from its input and its closed event log (Durable keeps activity
/// results only in its history): the answer as written so far (<see cref="TerminatedRunOutput.WrittenAdvice"/>,
/// <c>partial: true</c>) and each tool call whose <c>tool_result</c> was logged, as the self-host's terminated turn shows them.
/// </summary>
public static class TerminatedTurnOutput
{
    /// <summary>The partial <see cref="TurnOutput"/> of <paramref name="input"/> from <paramref name="events"/> (its log, seq order), answered by <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static TurnOutput Rebuild(TurnInput input, IReadOnlyList<StoredEvent> events, string model)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(events);
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var calls = new List<TurnToolCall>();
        foreach (var stored in events.Where(e => e.Type is EventTypes.ToolCall or EventTypes.ToolResult))
        {
            using var document = JsonDocument.Parse(stored.Json);
            var root = document.RootElement;
            var id = root.GetProperty("toolCallId").GetString()!;
            if (stored.Type == EventTypes.ToolCall)
            {
                arguments[id] = root.GetProperty("arguments").Clone();
                continue;
            }

            JsonElement? result = root.TryGetProperty("result", out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
            var error = root.TryGetProperty("error", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
            calls.Add(new TurnToolCall(id, root.GetProperty("name").GetString()!, arguments.GetValueOrDefault(id), result, error));
        }

        return new TurnOutput(input.ConversationId, input.Question, TerminatedRunOutput.WrittenAdvice(input.Persona, model, events, partial: true), calls);
    }
}
