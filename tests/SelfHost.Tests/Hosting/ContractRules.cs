using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>The event rules of the public contract, checked on a run's whole event list.</summary>
public static class ContractRules
{
    private static readonly string[] Nodes = ["convert", "risk", "performance", "recommendations", "advisor"];

    /// <summary>
    /// seq 1..n with no gap; <c>run_started</c> first with the five nodes; each node started then completed; token and
    /// message flags; each message's deltas concatenate to its content (unless discarded by a retryable error); exactly
    /// one terminal event, last. Returns the final messages in order.
    /// </summary>
    public static IReadOnlyList<string> AssertHold(IReadOnlyList<JsonElement> events, string runId, string expectedTerminal = "run_completed")
    {
        Assert.NotEmpty(events);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(i + 1, events[i].GetProperty("seq").GetInt64());
            Assert.Equal(runId, events[i].GetProperty("runId").GetString());
            var ts = events[i].GetProperty("ts").GetString()!;
            Assert.EndsWith("Z", ts, StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed.Offset == TimeSpan.Zero, $"ts not ISO 8601 UTC: {ts}");
        }

        var types = events.Select(e => e.GetProperty("type").GetString()!).ToArray();
        Assert.Equal("run_started", types[0]);
        Assert.Equal(Nodes, events[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Single(types, t => t is "run_completed" or "run_failed" or "run_terminated");
        Assert.Equal(expectedTerminal, types[^1]);

        if (expectedTerminal == "run_completed")
        {
            foreach (var node in Nodes)
            {
                var started = Array.FindIndex(events.ToArray(), e => Is(e, "node_started") && e.GetProperty("node").GetString() == node);
                var completed = Array.FindIndex(events.ToArray(), e => Is(e, "node_completed") && e.GetProperty("node").GetString() == node);
                Assert.True(started > 0 && completed > started, $"node {node}: started at {started}, completed at {completed}");
                Assert.Equal(JsonValueKind.Object, events[completed].GetProperty("summary").ValueKind);
                Assert.InRange(events[completed].GetProperty("percent").GetInt32(), 1, 100);
            }
        }

        var discarded = events.Where(e => Is(e, "error") && e.GetProperty("retryable").GetBoolean() && e.TryGetProperty("messageId", out _))
            .Select(e => e.GetProperty("messageId").GetString()!).ToHashSet();
        var deltas = new Dictionary<string, StringBuilder>();
        var finals = new List<string>();
        foreach (var e in events)
        {
            if (Is(e, "token"))
            {
                Assert.True(e.GetProperty("streaming").GetBoolean());
                Assert.False(e.GetProperty("final").GetBoolean());
                var id = e.GetProperty("messageId").GetString()!;
                (deltas.TryGetValue(id, out var sb) ? sb : deltas[id] = new StringBuilder()).Append(e.GetProperty("delta").GetString());
            }
            else if (Is(e, "message"))
            {
                Assert.False(e.GetProperty("streaming").GetBoolean());
                Assert.True(e.GetProperty("final").GetBoolean());
                var id = e.GetProperty("messageId").GetString()!;
                Assert.Equal(deltas.GetValueOrDefault(id)?.ToString() ?? "", e.GetProperty("content").GetString());
                finals.Add(e.GetProperty("content").GetString()!);
            }
        }

        Assert.DoesNotContain(events, e => Is(e, "message") && discarded.Contains(e.GetProperty("messageId").GetString()!));
        return finals;
    }

    private static bool Is(JsonElement e, string type) => e.GetProperty("type").GetString() == type;
}
