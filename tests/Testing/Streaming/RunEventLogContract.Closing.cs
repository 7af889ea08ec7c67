using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Testing.Streaming;

/// <content>
/// Terminal events and concurrency. The order is: drop duplicates first, then refuse what is left if the run is closed,
/// so an activity that runs again after the run ended (activities run at least once) adds nothing and fails nothing.
/// </content>
public abstract partial class RunEventLogContract
{
    public static TheoryData<string> TerminalTypes => [EventTypes.RunCompleted, EventTypes.RunFailed, EventTypes.RunTerminated];

    [Theory]
    [MemberData(nameof(TerminalTypes))]
    public async Task Append_Throws_When_TheRunHasATerminalEvent(string terminalType)
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Token(run, "before"), Terminal(run, terminalType)]);

        var unkeyed = await Assert.ThrowsAsync<RunClosedException>(() => Log.AppendAsync(run, [Token(run, "late")]));
        await Assert.ThrowsAsync<RunClosedException>(() => Log.AppendAsync(run, [Keyed(run, "late", "new-key")]));

        Assert.Equal(run, unkeyed.RunId);
        Assert.Equal([EventTypes.Token, terminalType], (await Log.ReadAsync(run)).Select(e => e.Type));
    }

    [Fact]
    public async Task Append_ReturnsNothing_When_EveryDraftDuplicatesALoggedEvent_EvenAfterTheRunEnded()
    {
        // What a re-run of the CompleteRun activity appends once its first run already closed the log.
        var run = NewRunId();
        List<EventDraft> completeRun = [Completed(run, "report"), new(new RunCompleted { RunId = run }, EventTypes.RunCompleted)];
        await Log.AppendAsync(run, completeRun);

        Assert.Empty(await Log.AppendAsync(run, completeRun));
        Assert.Empty(await Log.AppendAsync(run, [completeRun[0]]));
        Assert.Equal([1L, 2L], (await Log.ReadAsync(run)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_RefusesAMixOfDuplicateAndNewDrafts_AfterTheRunEnded_AndWritesNone()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Keyed(run, "logged", "k1"), Terminal(run, EventTypes.RunTerminated)]);

        await Assert.ThrowsAsync<RunClosedException>(() => Log.AppendAsync(run, [Keyed(run, "dup", "k1"), Keyed(run, "new", "k2")]));

        Assert.Equal([EventTypes.Token, EventTypes.RunTerminated], (await Log.ReadAsync(run)).Select(e => e.Type));
        Assert.Empty(await Log.AppendAsync(run, [Keyed(run, "dup", "k1")]));
    }

    [Fact]
    public async Task Append_RefusesTheWholeBatch_When_ANewDraftFollowsItsTerminalEvent()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Token(run, "before")]);

        await Assert.ThrowsAsync<RunClosedException>(() =>
            Log.AppendAsync(run, [Token(run, "a"), Terminal(run, EventTypes.RunCompleted), Token(run, "late")]));

        Assert.Equal(["before"], Deltas(await Log.ReadAsync(run)));
        var next = await Log.AppendAsync(run, [Token(run, "after")]);
        Assert.Equal(2, Assert.Single(next).Seq);
    }

    [Fact]
    public async Task Append_AcceptsDuplicatesAfterItsTerminalEvent_InOneBatch()
    {
        var run = NewRunId();

        var appended = await Log.AppendAsync(run, [Keyed(run, "a", "k1"), Terminal(run, EventTypes.RunFailed), Keyed(run, "dup", "k1")]);

        Assert.Equal([EventTypes.Token, EventTypes.RunFailed], appended.Select(e => e.Type));
        await Assert.ThrowsAsync<RunClosedException>(() => Log.AppendAsync(run, [Token(run, "late")]));
    }

    [Fact]
    public async Task Append_NeverGivesTwoAppendsTheSameSeq_When_Concurrent()
    {
        var run = NewRunId();

        var batches = await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(i => Task.Run(() =>
            Log.AppendAsync(run, [Token(run, $"{i}a"), Token(run, $"{i}b")]))));

        var total = 2 * ConcurrentWriters;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), batches.SelectMany(b => b).Select(e => e.Seq).Order());
        // Each append is atomic: its two events are adjacent and in draft order.
        Assert.All(batches, b => Assert.Equal(b[0].Seq + 1, b[1].Seq));
        var read = await Log.ReadAsync(run);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), read.Select(e => e.Seq));
        Assert.All(read, e => Assert.Equal(e.Seq, Json(e).GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Append_LogsAKeyOnce_When_ConcurrentWritersRepeatIt()
    {
        var run = NewRunId();

        var batches = await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(i => Task.Run(() =>
            Log.AppendAsync(run, [Keyed(run, $"{i}", "node_started:convert")]))));

        Assert.Single(batches, b => b.Count == 1);
        Assert.Single(await Log.ReadAsync(run));
    }

    [Fact]
    public async Task Append_LogsNothingAfterTheTerminalEvent_When_ItRacesWithWriters()
    {
        var run = NewRunId();
        var writers = Enumerable.Range(0, ConcurrentWriters).Select(i => Task.Run(async () =>
        {
            try
            {
                await Log.AppendAsync(run, [Token(run, $"{i}")]);
            }
            catch (RunClosedException)
            {
                // Refused because the terminate won the race: the expected outcome for some writers.
            }
        }));
        var terminate = Task.Run(() => Log.AppendAsync(run, [Terminal(run, EventTypes.RunTerminated)]));

        await Task.WhenAll([.. writers, terminate]);

        var read = await Log.ReadAsync(run);
        Assert.Equal(EventTypes.RunTerminated, read[^1].Type);
        Assert.Equal(Enumerable.Range(1, read.Count).Select(i => (long)i), read.Select(e => e.Seq));
        Assert.Single(read, e => EventTypes.IsTerminal(e.Type));
    }

    /// <summary>A terminal draft of <paramref name="type"/>, keyed by its type as the activities key it.</summary>
    protected static EventDraft Terminal(string run, string type) => type switch
    {
        EventTypes.RunCompleted => new(new RunCompleted { RunId = run }, type),
        EventTypes.RunFailed => new(new RunFailed("node_failed", "boom") { RunId = run }, type),
        EventTypes.RunTerminated => new(new RunTerminated("stopped") { RunId = run }, type),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a terminal type."),
    };
}
