using System.Text;
using System.Text.Json;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// One message of a run's transcript: its id, its text (the final <c>content</c> when the message completed, else its
/// deltas so far), whether it completed, and whether a retryable <c>error</c> told clients to discard it.
/// </summary>
public sealed record TranscriptMessage(string MessageId, string Text, bool Final, bool Discarded);

/// <summary>
/// The messages a run's log holds, read the way a client reads them, so every reader (a resumed advisor, a terminated
/// run's output) agrees on what was written.
/// </summary>
public static class RunTranscript
{
    /// <summary>
    /// The messages of <paramref name="events"/> in the order of each message id's first <c>token</c>, <c>message</c> or
    /// <c>error</c> event.
    /// </summary>
    public static IReadOnlyList<TranscriptMessage> Read(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var order = new List<string>();
        var texts = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var finals = new HashSet<string>(StringComparer.Ordinal);
        var discarded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in events)
        {
            if (stored.Type is not (EventTypes.Token or EventTypes.Message or EventTypes.Error))
            {
                continue;
            }

            using var document = JsonDocument.Parse(stored.Json);
            var root = document.RootElement;
            if (!root.TryGetProperty("messageId", out var idElement) || idElement.GetString() is not { } id)
            {
                continue;
            }

            if (!texts.TryGetValue(id, out var text))
            {
                texts[id] = text = new StringBuilder();
                order.Add(id);
            }

            switch (stored.Type)
            {
                case EventTypes.Token when !finals.Contains(id):
                    text.Append(root.GetProperty("delta").GetString());
                    break;
                case EventTypes.Message when finals.Add(id):
                    text.Clear().Append(root.GetProperty("content").GetString());
                    break;
                case EventTypes.Error:
                    discarded.Add(id);
                    break;
            }
        }

        return [.. order.Select(id => new TranscriptMessage(id, texts[id].ToString(), finals.Contains(id), discarded.Contains(id)))];
    }
}
