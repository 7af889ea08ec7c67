using System.Text.Json;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Finds messages a crashed attempt left half-written: a <c>messageId</c> with <c>token</c> events but neither a final
/// <c>message</c> nor an <c>error</c> naming it. A retried advisor activity logs a retryable <c>error</c> for each, so
/// clients discard that partial text (public contract, <c>error</c>/<c>messageId</c> rule) instead of showing it twice.
/// </summary>
public static class UnfinishedMessages
{
    /// <summary>The unfinished message ids of <paramref name="events"/>, in order of their first token.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var started = new List<string>();
        var settled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in events)
        {
            if (stored.Type is not (EventTypes.Token or EventTypes.Message or EventTypes.Error))
            {
                continue;
            }

            using var document = JsonDocument.Parse(stored.Json);
            if (!document.RootElement.TryGetProperty("messageId", out var id) || id.GetString() is not { } messageId)
            {
                continue;
            }

            if (stored.Type == EventTypes.Token)
            {
                if (!started.Contains(messageId, StringComparer.Ordinal))
                {
                    started.Add(messageId);
                }
            }
            else
            {
                settled.Add(messageId);
            }
        }

        return started.Where(id => !settled.Contains(id)).ToArray();
    }

    /// <summary>The retryable <c>error</c> that tells clients to discard message <paramref name="messageId"/>, with its dedupe key.</summary>
    public static EventDraft Discard(string runId, string messageId) =>
        new(new ErrorRaised("advisor_interrupted", "The reply was interrupted and is written again.", Retryable: true, Node: "advisor", MessageId: messageId) { RunId = runId },
            $"discard:{messageId}");
}
