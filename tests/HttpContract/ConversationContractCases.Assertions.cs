using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit;

namespace PortfolioAdvisor.HttpContract;

/// <content>The assertions on a turn's events and figures that the cases share.</content>
public abstract partial class ConversationContractCases
{
    /// <summary>
    /// The turn's events obey the contract: seq 1..n; <c>run_started</c> (<c>kind: "turn"</c>, <c>nodes: ["advisor"]</c>,
    /// the conversation id), <c>node_started advisor</c>; each <c>tool_call</c> before its <c>tool_result</c>, both
    /// before any text; typing around the text; each message its deltas; <c>node_completed advisor</c> (100 %) then
    /// <c>run_completed</c>, last. Returns the final messages.
    /// </summary>
    public static IReadOnlyList<string> AssertTurnEvents(JsonElement[] events, string turnId, string conversationId)
    {
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(events, e => Assert.Equal(turnId, e.GetProperty("runId").GetString()));
        var types = events.Select(Type).ToArray();
        Assert.Equal(["run_started", "node_started"], types[..2]);
        Assert.Equal("turn", events[0].GetProperty("kind").GetString());
        Assert.Equal(["advisor"], events[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(conversationId, events[0].GetProperty("conversationId").GetString());
        Assert.Equal("advisor", events[1].GetProperty("node").GetString());
        Assert.Equal(["node_completed", "run_completed"], types[^2..]);
        Assert.Equal(100, events[^2].GetProperty("percent").GetInt32());
        var firstText = Array.FindIndex(types, t => t is "token" or "message");
        Assert.True(firstText > 0, "no text");
        foreach (var call in events.Where(e => Type(e) == "tool_call"))
        {
            var at = Array.IndexOf(events, call);
            var result = Array.FindIndex(events, e => Type(e) == "tool_result" && e.GetProperty("toolCallId").GetString() == call.GetProperty("toolCallId").GetString());
            Assert.True(at < result && result < firstText, $"tool_call at {at}, tool_result at {result}, first text at {firstText}");
            Assert.Equal(JsonValueKind.Object, call.GetProperty("arguments").ValueKind);
        }

        Assert.Contains(events, e => Type(e) == "typing" && e.GetProperty("typing").GetBoolean());
        var deltas = new Dictionary<string, StringBuilder>();
        foreach (var e in events.Where(e => Type(e) == "token"))
        {
            Assert.True(e.GetProperty("streaming").GetBoolean() && !e.GetProperty("final").GetBoolean());
            var id = e.GetProperty("messageId").GetString()!;
            (deltas.TryGetValue(id, out var text) ? text : deltas[id] = new StringBuilder()).Append(e.GetProperty("delta").GetString());
        }

        var finals = FinalMessages(events);
        Assert.NotEmpty(finals);
        Assert.All(finals, m => Assert.Equal(deltas[m.MessageId].ToString(), m.Content));
        return [.. finals.Select(m => m.Content)];
    }

    /// <summary>Asserts every number of <paramref name="actual"/> (recursively) equals the same member of <paramref name="expected"/>; returns how many were compared.</summary>
    protected static int AssertSameFigures(JsonElement expected, JsonElement actual, string path)
    {
        switch (actual.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var member in actual.EnumerateObject())
                {
                    Assert.True(expected.TryGetProperty(member.Name, out var other), $"{path}.{member.Name} is not in the analysis");
                    count += AssertSameFigures(other, member.Value, $"{path}.{member.Name}");
                }

                return count;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                return actual.EnumerateArray().Zip(expected.EnumerateArray()).Select((p, i) => AssertSameFigures(p.Second, p.First, $"{path}[{i}]")).Sum();
            case JsonValueKind.Number:
                var (a, e) = (actual.GetDouble(), expected.GetDouble());
                Assert.True(Math.Abs(a - e) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"{path}: {a.ToString("R", CultureInfo.InvariantCulture)} instead of {e.ToString("R", CultureInfo.InvariantCulture)}");
                return 1;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                return 0;
        }
    }

    /// <summary>The final messages of <paramref name="events"/> in seq order.</summary>
    public static IReadOnlyList<(string MessageId, string Content)> FinalMessages(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => Type(e) == "message").Select(e => (e.GetProperty("messageId").GetString()!, e.GetProperty("content").GetString()!))];

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;
}
