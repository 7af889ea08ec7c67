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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

}
