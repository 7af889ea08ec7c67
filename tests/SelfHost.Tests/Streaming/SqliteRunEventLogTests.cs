using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Streaming;

public sealed class SqliteRunEventLogTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.db");
    private readonly SqliteRunEventLog log;

    public SqliteRunEventLogTests() =>
        log = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), TimeProvider.System);

    [Fact]
    public async Task Append_AssignsGaplessSeq_When_AppendedConcurrently()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            log.AppendAsync("r1", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i} ") { RunId = "r1" })]))));

        var events = await log.ReadAsync("r1");
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(e.Seq, JsonDocument.Parse(e.Json).RootElement.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Append_SkipsDraft_When_ItsDedupeKeyIsAlreadyLogged()
    {
        await log.AppendAsync("r2", [new EventDraft(new NodeStarted("convert") { RunId = "r2" }, "node_started:convert")]);
        var again = await log.AppendAsync("r2", [new EventDraft(new NodeStarted("convert") { RunId = "r2" }, "node_started:convert")]);

        Assert.Empty(again);
        Assert.Single(await log.ReadAsync("r2"));
    }

    [Fact]
    public async Task Append_Throws_When_TheRunHasATerminalEvent()
    {
        await log.AppendAsync("r3", [new EventDraft(new RunTerminated("stop") { RunId = "r3" }, "run_terminated")]);

        await Assert.ThrowsAsync<RunClosedException>(() => log.AppendAsync("r3", [new EventDraft(new TokenStreamed("analyst", "m1", "late") { RunId = "r3" })]));
        Assert.Empty(await log.AppendAsync("r3", [new EventDraft(new RunTerminated("stop") { RunId = "r3" }, "run_terminated")]));
        Assert.True(log.IsClosed("r3"));
    }

    [Fact]
    public async Task Append_StampsPercentFromNodesCompletedSoFar()
    {
        var summary = new Dictionary<string, object?>();
        await log.AppendAsync("r4", [new EventDraft(new NodeCompleted("convert", 1, 0, summary) { RunId = "r4" }, "c")]);
        await log.AppendAsync("r4", [new EventDraft(new NodeCompleted("performance", 1, 0, summary) { RunId = "r4" }, "p")]);

        var percents = (await log.ReadAsync("r4")).Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("percent").GetInt32());
        Assert.Equal([20, 40], percents);
    }

    [Fact]
    public async Task Read_ReturnsOnlyEventsAfterTheCursor()
    {
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync("r5", [new EventDraft(new TypingChanged("xiaomei", i % 2 == 0) { RunId = "r5" })]);
        }

        Assert.Equal([4L, 5L], (await log.ReadAsync("r5", afterSeq: 3)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_ContinuesSeq_When_ANewLogOpensTheSameFile()
    {
        // The writer keeps run heads in memory; what it committed must be what a new process reads back.
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync("r6", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r6" })]);
        }

        log.Dispose();
        using var reopened = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), TimeProvider.System);
        var next = await reopened.AppendAsync("r6", [new EventDraft(new TokenStreamed("analyst", "m1", "3") { RunId = "r6" })]);

        Assert.Equal(4, Assert.Single(next).Seq);
        Assert.Equal([1L, 2L, 3L, 4L], (await reopened.ReadAsync("r6")).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_RefusesTokensQueuedBehindATerminalEvent_AndLogsNoneOfThem()
    {
        // Appended without awaiting, so the terminal event and the tokens after it share the writer's batches.
        var before = Enumerable.Range(0, 20).Select(i => log.AppendAsync("r7", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r7" })])).ToList();
        var terminal = log.AppendAsync("r7", [new EventDraft(new RunTerminated("stop") { RunId = "r7" }, "run_terminated")]);
        var after = Enumerable.Range(0, 20).Select(i => log.AppendAsync("r7", [new EventDraft(new TokenStreamed("analyst", "m1", $"late {i}") { RunId = "r7" })])).ToList();

        await Task.WhenAll(before);
        await terminal;
        foreach (var late in after)
        {
            await Assert.ThrowsAsync<RunClosedException>(() => late);
        }

        var events = await log.ReadAsync("r7");
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(EventTypes.RunTerminated, events[^1].Type);
        Assert.True(log.IsClosed("r7"));
    }

    [Fact]
    public async Task Append_RollsBackARefusedMultiDraftAppendAlone_When_ItSharesABatch()
    {
        await log.AppendAsync("r8", [new EventDraft(new RunTerminated("stop") { RunId = "r8" }, "run_terminated")]);
        var tokens = Enumerable.Range(0, 10).Select(i => log.AppendAsync("r9", [new EventDraft(new TokenStreamed("analyst", "m1", $"{i}") { RunId = "r9" })])).ToList();
        var refused = log.AppendAsync("r8", [
            new EventDraft(new TypingChanged("analyst", true) { RunId = "r8" }, "typing:on"),
            new EventDraft(new TokenStreamed("analyst", "m1", "late") { RunId = "r8" })]);

        await Assert.ThrowsAsync<RunClosedException>(() => refused);
        await Task.WhenAll(tokens);
        Assert.Single(await log.ReadAsync("r8"));
        Assert.Equal(10, (await log.ReadAsync("r9")).Count);
    }

    [Fact]
    public async Task Emit_PublishesOnlyEventsAlreadyCommitted_When_RunsWriteAtOnce()
    {
        var publisher = new CheckingPublisher(log);
        var writer = new RunEventWriter(log, publisher);
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
        log.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

}
