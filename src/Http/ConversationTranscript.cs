using System.Text.Json;
using System.Text.Json.Serialization;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// <c>GET /api/analyses/{id}/messages</c>: the conversation's id (= the analysis id) and its messages in order.
/// </summary>
public sealed record ConversationMessagesResponse(string ConversationId, IReadOnlyList<ConversationEntry> Messages);

/// <summary>
/// One message of a transcript: <paramref name="Role"/> <c>user</c> (a question) or <c>assistant</c>, its
/// <paramref name="Content"/>, the run it belongs to (<paramref name="TurnId"/>: the analysis id for the analysis' advice,
/// else the turn's id), the assistant's <paramref name="MessageId"/> (null, left out, for a question), when it was asked
/// or written (<paramref name="Ts"/>, UTC: a question's turn creation, a message's final event), and
/// <paramref name="Partial"/> true (else left out) for a message its run ended before finishing.
/// </summary>
public sealed record ConversationEntry(
    string Role,
    string Content,
    string TurnId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessageId,
    DateTime Ts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Partial = null);

/// <summary>
/// A conversation's transcript read from the runs' event logs, the way a client reads them (<see cref="RunTranscript"/>):
/// the analysis' advice, then each question followed by the messages of its answer. A message a retryable <c>error</c>
/// discarded is left out; a message left unfinished is kept, <c>partial</c>, once its run has ended (terminated or
/// failed), and not yet while the run goes on (its live events carry it).
/// </summary>
public static class ConversationTranscript
{
    /// <summary>The role of a question.</summary>
    public const string User = "user";

    /// <summary>The role of the advisor's messages.</summary>
    public const string Assistant = "assistant";

    /// <summary>
    /// The transcript of analysis <paramref name="analysisId"/> whose log is <paramref name="analysisEvents"/>, with its
    /// <paramref name="turns"/> (oldest first) and each turn's log.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ConversationEntry> Build(
        string analysisId, IReadOnlyList<StoredEvent> analysisEvents, IReadOnlyList<(ConversationTurn Turn, IReadOnlyList<StoredEvent> Events)> turns)
    {
        ArgumentNullException.ThrowIfNull(analysisId);
        ArgumentNullException.ThrowIfNull(analysisEvents);
        ArgumentNullException.ThrowIfNull(turns);
        var entries = new List<ConversationEntry>(Answer(analysisId, analysisEvents));
        foreach (var (turn, events) in turns)
        {
            entries.Add(new ConversationEntry(User, turn.Question, turn.TurnId, null, turn.Created.UtcDateTime));
            entries.AddRange(Answer(turn.TurnId, events));
        }

        return entries;
    }

    /// <summary>The earlier questions and answers a new turn carries (<see cref="TurnInput.Conversation"/>): every entry but the analysis' advice.</summary>
    public static IReadOnlyList<ConversationMessage> Conversation(string analysisId, IReadOnlyList<ConversationEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return [.. entries.Where(e => e.TurnId != analysisId).Select(e => new ConversationMessage(e.Role, e.Content, e.TurnId, e.MessageId))];
    }

    private static IEnumerable<ConversationEntry> Answer(string runId, IReadOnlyList<StoredEvent> events)
    {
        var ended = events.Count > 0 && EventTypes.IsTerminal(events[^1].Type);
        var times = WrittenAt(events);
        foreach (var message in RunTranscript.Read(events))
        {
            if (message.Discarded || (!message.Final && (!ended || message.Text.Length == 0)))
            {
                continue;
            }

            yield return new ConversationEntry(Assistant, message.Text, runId, message.MessageId, times[message.MessageId], message.Final ? null : true);
        }
    }

    private static Dictionary<string, DateTime> WrittenAt(IReadOnlyList<StoredEvent> events)
    {
        var times = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var stored in events.Where(e => e.Type is EventTypes.Token or EventTypes.Message or EventTypes.Error))
        {
            using var document = JsonDocument.Parse(stored.Json);
            var root = document.RootElement;
            if (root.TryGetProperty("messageId", out var id) && id.GetString() is { } messageId)
            {
                times[messageId] = root.GetProperty("ts").GetDateTime().ToUniversalTime();
            }
        }

        return times;
    }
}
