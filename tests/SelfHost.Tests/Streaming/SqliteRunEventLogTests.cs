using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Testing.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Streaming;

/// <summary>The SQLite event log against the event-log contract, on a database file of its own per case.</summary>
public sealed class SqliteRunEventLogTests : RunEventLogContract, IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.db");
    private SqliteRunEventLog? sqlite;

    private SqliteRunEventLog Sqlite => (SqliteRunEventLog)Log;

    [Fact]
    public async Task IsClosed_IsTrue_OnceTheTerminalEventIsLogged()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Token(run, "x")]);
        Assert.False(sqlite!.IsClosed(run));

        await Log.AppendAsync(run, [Terminal(run, EventTypes.RunTerminated)]);

        Assert.True(sqlite.IsClosed(run));
    }

    [Fact]
    public async Task Read_FindsEveryCommittedEventAfterTheSeqGiven_FromTheWritersHeadsOrTheFile()
    {
        // A read after an open run's committed head is answered from memory; every other read still reaches the file.
        var run = NewRunId();
        var first = await Log.AppendAsync(run, [Token(run, "a")]);
        var second = await Log.AppendAsync(run, [Token(run, "b")]);

        Assert.Empty(await Log.ReadAsync(run, second[^1].Seq));
        Assert.Equal([second[^1].Seq], (await Log.ReadAsync(run, first[^1].Seq)).Select(e => e.Seq));

        var closed = await Log.AppendAsync(run, [Terminal(run, EventTypes.RunTerminated)]);
        var afterClose = await Log.ReadAsync(run, second[^1].Seq);

        Assert.Equal([EventTypes.RunTerminated], afterClose.Select(e => e.Type));
        Assert.Equal(closed[^1].Seq, afterClose[^1].Seq);
        using var other = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), TimeProvider.System);
        Assert.Equal(3, (await other.ReadAsync(run)).Count);
    }

    [Fact]
    public async Task Append_ContinuesSeq_When_ANewLogOpensTheSameFile()
    {
        // The writer keeps run heads in memory; what it committed must be what a new process reads back.
        for (var i = 0; i < 3; i++)
        {
            await Sqlite.AppendAsync("r6", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r6" })]);
        }

        Sqlite.Dispose();
        using var reopened = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), TimeProvider.System);
        var next = await reopened.AppendAsync("r6", [new EventDraft(new TokenStreamed("analyst", "m1", "3") { RunId = "r6" })]);

        Assert.Equal(4, Assert.Single(next).Seq);
        Assert.Equal([1L, 2L, 3L, 4L], (await reopened.ReadAsync("r6")).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_RefusesTokensQueuedBehindATerminalEvent_AndLogsNoneOfThem()
    {
        // Appended without awaiting, so the terminal event and the tokens after it share the writer's batches.
        var before = Enumerable.Range(0, 20).Select(i => Sqlite.AppendAsync("r7", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r7" })])).ToList();
        var terminal = Sqlite.AppendAsync("r7", [new EventDraft(new RunTerminated("stop") { RunId = "r7" }, "run_terminated")]);
        var after = Enumerable.Range(0, 20).Select(i => Sqlite.AppendAsync("r7", [new EventDraft(new TokenStreamed("analyst", "m1", $"late {i}") { RunId = "r7" })])).ToList();

        await Task.WhenAll(before);
        await terminal;
        foreach (var late in after)
        {
            await Assert.ThrowsAsync<RunClosedException>(() => late);
        }

        var events = await Sqlite.ReadAsync("r7");
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(EventTypes.RunTerminated, events[^1].Type);
        Assert.True(Sqlite.IsClosed("r7"));
    }

    [Fact]
    public async Task Append_RollsBackARefusedMultiDraftAppendAlone_When_ItSharesABatch()
    {
        await Sqlite.AppendAsync("r8", [new EventDraft(new RunTerminated("stop") { RunId = "r8" }, "run_terminated")]);
        var tokens = Enumerable.Range(0, 10).Select(i => Sqlite.AppendAsync("r9", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r9" })])).ToList();
        var refused = Sqlite.AppendAsync("r8", [
            new EventDraft(new TypingChanged("analyst", true) { RunId = "r8" }, "typing:on"),
            new EventDraft(new TokenStreamed("analyst", "m1", "late") { RunId = "r8" })]);

        await Assert.ThrowsAsync<RunClosedException>(() => refused);
        await Task.WhenAll(tokens);
        Assert.Single(await Sqlite.ReadAsync("r8"));
        Assert.Equal(10, (await Sqlite.ReadAsync("r9")).Count);
    }

    [Fact]
    public async Task Emit_PublishesOnlyEventsAlreadyCommitted_When_RunsWriteAtOnce()
    {
        var publisher = new CheckingPublisher(Sqlite);
        var writer = new RunEventWriter(Sqlite, publisher);
        var runs = Enumerable.Range(0, 8).Select(r => new PortfolioAdvisor.Orchestration.RunContext($"w{r}", "owner")).ToList();

        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await writer.EmitAsync(run, new TokenStreamed("analyst", "m1", $"{i}") { RunId = run.RunId });
            }
        })));

        Assert.Equal(200, publisher.Published);
        Assert.Empty(publisher.Unlogged);
    }

    private sealed class CheckingPublisher(IRunEventLog log) : IRunEventPublisher
    {
        public int Published { get; private set; }

        public List<long> Unlogged { get; } = [];

        public async Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
        {
            foreach (var stored in events)
            {
                // Read on another connection: only committed rows are visible there.
                var logged = await log.ReadAsync(stored.RunId, stored.Seq - 1, cancellationToken);
                lock (Unlogged)
                {
                    Published++;
                    if (logged.Count == 0 || logged[0].Seq != stored.Seq || logged[0].Json != stored.Json)
                    {
                        Unlogged.Add(stored.Seq);
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        sqlite?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    protected override IRunEventLog CreateLog(TimeProvider clock) =>
        sqlite = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), clock);
}
