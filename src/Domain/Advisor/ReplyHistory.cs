using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// What earlier attempts of the advisor activity left in the run's log (activities run at least once): the final
/// messages in order, the message ids that got tokens but neither a final message nor an error (interrupted), the
/// highest attempt number used, the model named by the advisor's <c>node_completed</c> when the reply was done, and the
/// run's last seq.
/// </summary>
internal sealed partial record ReplyHistory(
    IReadOnlyList<string> FinalMessages,
    IReadOnlyList<string> InterruptedMessageIds,
    int LastAttempt,
    string? CompletedModel,
    long LastSeq)
{
    /// <summary>The id of message <paramref name="index"/> of the reply, written by attempt <paramref name="attempt"/>.</summary>
    public static string MessageId(string runId, int attempt, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-a{attempt}-m{index}");

    /// <summary>Reads the run's log.</summary>
    public static async Task<ReplyHistory> ReadAsync(IRunEventLog log, string runId, CancellationToken cancellationToken)
    {
        var events = await log.ReadAsync(runId, 0, cancellationToken).ConfigureAwait(false);
        var finals = new List<string>();
        var finalIds = new HashSet<string>(StringComparer.Ordinal);
        var streamed = new List<string>();
        var discarded = new HashSet<string>(StringComparer.Ordinal);
        var lastAttempt = 0;
        string? completedModel = null;
        foreach (var stored in events)
        {
            if (stored.Type is not (EventTypes.Token or EventTypes.Message or EventTypes.Error or EventTypes.NodeCompleted))
            {
                continue;
            }

            using var document = JsonDocument.Parse(stored.Json);
            var root = document.RootElement;
            if (stored.Type == EventTypes.NodeCompleted)
            {
                if (Text(root, "node") == AnalysisNodes.Advisor && root.TryGetProperty("summary", out var summary))
                {
                    completedModel = Text(summary, "model");
                }

                continue;
            }

            if (Text(root, "messageId") is not { } messageId)
            {
                continue;
            }

            lastAttempt = Math.Max(lastAttempt, AttemptOf(messageId));
            switch (stored.Type)
            {
                case EventTypes.Token when !streamed.Contains(messageId):
                    streamed.Add(messageId);
                    break;
                case EventTypes.Message when finalIds.Add(messageId):
                    finals.Add(Text(root, "content") ?? "");
                    break;
                case EventTypes.Error:
                    discarded.Add(messageId);
                    break;
            }
        }

        var interrupted = streamed.Where(id => !finalIds.Contains(id) && !discarded.Contains(id)).ToList();
        return new ReplyHistory(finals, interrupted, lastAttempt, completedModel, events.Count > 0 ? events[^1].Seq : 0);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int AttemptOf(string messageId)
    {
        var match = AttemptPattern().Match(messageId);
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"-a(\d+)-m\d+$")]
    private static partial Regex AttemptPattern();
}
