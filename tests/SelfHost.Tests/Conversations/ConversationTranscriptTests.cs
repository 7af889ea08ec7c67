using PortfolioAdvisor.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>How the transcript reads runs' logs: discarded, partial and unfinished messages.</summary>
public sealed class ConversationTranscriptTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Build_KeepsATerminatedTurnsUnfinishedMessageAsPartial_AndLeavesOutDiscardedOnes()
    {
        var analysis = Log("a", new TokenStreamed("analyst", "a-m0", "Hello") { RunId = "a" }, new MessageCompleted("analyst", "a-m0", "Hello") { RunId = "a" }, new RunCompleted { RunId = "a" });
        var turn = Log("t",
            new TokenStreamed("analyst", "t-m0", "Lost") { RunId = "t" },
            new ErrorRaised("stream_interrupted", "cut", true, MessageId: "t-m0") { RunId = "t" },
            new TokenStreamed("analyst", "t-m1", "Sell ") { RunId = "t" },
            new MessageCompleted("analyst", "t-m1", "Sell some.") { RunId = "t" },
            new TokenStreamed("analyst", "t-m2", "Then ") { RunId = "t" },
            new TokenStreamed("analyst", "t-m2", "buy") { RunId = "t" },
            new RunTerminated("interrupted") { RunId = "t" });
        var asked = new DateTimeOffset(Start.AddSeconds(1));

        var entries = ConversationTranscript.Build("a", analysis, [(new ConversationTurn("a", "t", "alice", "What now?", asked), turn)]);

        Assert.Equal(
            [("assistant", "Hello", "a", "a-m0", (bool?)null), ("user", "What now?", "t", null, null), ("assistant", "Sell some.", "t", "t-m1", null), ("assistant", "Then buy", "t", "t-m2", true)],
            entries.Select(e => (e.Role, e.Content, e.TurnId, e.MessageId, e.Partial)));
        Assert.Equal(asked.UtcDateTime, entries[1].Ts);
        Assert.Equal(Start.AddSeconds(4), entries[2].Ts);
        Assert.Equal(
            [("user", "What now?", "t", (string?)null), ("assistant", "Sell some.", "t", "t-m1"), ("assistant", "Then buy", "t", "t-m2")],
            ConversationTranscript.Conversation("a", entries).Select(m => (m.Role, m.Content, m.TurnId, m.MessageId)));
    }

    [Fact]
    public void Build_LeavesOutARunningTurnsUnfinishedMessage()
    {
        var turn = Log("t", new TokenStreamed("analyst", "t-m0", "Half") { RunId = "t" });

        var entries = ConversationTranscript.Build("a", [], [(new ConversationTurn("a", "t", "alice", "Q?", new DateTimeOffset(Start)), turn)]);

        Assert.Equal(["Q?"], entries.Select(e => e.Content));
    }

    private static List<StoredEvent> Log(string runId, params RunEvent[] events) =>
        [.. events.Select((e, i) => new StoredEvent(runId, i + 1, e.Type, EventJson.Serialize(e with { Seq = i + 1, Ts = Start.AddSeconds(i + 1) })))];
}
