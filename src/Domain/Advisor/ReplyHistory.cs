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

    /// <summary>
    /// Reads the run's log; with <paramref name="messagePrefix"/>, only the messages whose ids it starts (one model step of
    /// a turn).
    /// </summary>
    public static async Task<ReplyHistory> ReadAsync(IRunEventLog log, string runId, CancellationToken cancellationToken, string? messagePrefix = null)
    {
        var events = await log.ReadAsync(runId, 0, cancellationToken).ConfigureAwait(false);
        var transcript = RunTranscript.Read(events)
            .Where(m => messagePrefix is null || m.MessageId.StartsWith(messagePrefix + "-a", StringComparison.Ordinal))
            .ToList();
        string? completedModel = null;
        foreach (var stored in events.Where(e => e.Type == EventTypes.NodeCompleted))
        {
            using var document = JsonDocument.Parse(stored.Json);
            var root = document.RootElement;
            if (Text(root, "node") == AnalysisNodes.Advisor && root.TryGetProperty("summary", out var summary))
            {
                completedModel = Text(summary, "model");
            }
        }

        return new ReplyHistory(
            [.. transcript.Where(m => m.Final).Select(m => m.Text)],
            [.. transcript.Where(m => !m.Final && !m.Discarded).Select(m => m.MessageId)],
            transcript.Count > 0 ? transcript.Max(m => AttemptOf(m.MessageId)) : 0,
            completedModel,
            events.Count > 0 ? events[^1].Seq : 0);
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
