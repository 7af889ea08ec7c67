using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Testing.Streaming;

/// <summary>
/// The contract of <see cref="IRunEventLog"/>, run by every implementation (the in-memory fake, SQLite, Azure Table
/// storage on Azurite): each inherits this class and says how to build its log. Every case uses fresh run ids, so an
/// implementation may share one store across cases.
/// </summary>
public abstract partial class RunEventLogContract
{
    private readonly Lazy<IRunEventLog> log;

    /// <summary>Builds the log on first use, once even when the first users are a case's concurrent writers.</summary>
    protected RunEventLogContract() => log = new(() => CreateLog(Clock), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The clock the log stamps <c>ts</c> with; cases advance it.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    /// <summary>
    /// The log under test, built once per case by <see cref="CreateLog"/>. A plain <c>??=</c> once let two racing
    /// writers build two logs, so a case read a log that never saw the terminate.
    /// </summary>
    protected IRunEventLog Log => log.Value;

    /// <summary>How many writers the concurrency cases run at once.</summary>
    protected virtual int ConcurrentWriters => 24;

    /// <summary>Builds the implementation under test, stamping events with <paramref name="clock"/>.</summary>
    protected abstract IRunEventLog CreateLog(TimeProvider clock);

    [Fact]
    public async Task Append_StampsSeqFromOneWithoutGapsAndTheTime()
    {
        var run = NewRunId();
        var start = Clock.GetUtcNow();

        var first = await Log.AppendAsync(run, [Token(run, "a"), Token(run, "b"), Token(run, "c")]);
        Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await Log.AppendAsync(run, [Token(run, "d"), Token(run, "e")]);

        Assert.Equal([1L, 2L, 3L], first.Select(e => e.Seq));
        Assert.Equal([4L, 5L], second.Select(e => e.Seq));
        var read = await Log.ReadAsync(run);
        Assert.Equal([.. first, .. second], read);
        Assert.Equal(["a", "b", "c", "d", "e"], Deltas(read));
        Assert.All(read, e =>
        {
            var json = Json(e);
            Assert.Equal(e.Seq, json.GetProperty("seq").GetInt64());
            Assert.Equal(e.Type, json.GetProperty("type").GetString());
            Assert.Equal(run, json.GetProperty("runId").GetString());
            Assert.Equal(run, e.RunId);
        });
        Assert.Equal(
            [start, start, start, start.AddSeconds(2), start.AddSeconds(2)],
            read.Select(e => Json(e).GetProperty("ts").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Append_StampsPercentFromNodesCompletedSoFar()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Completed(run, "convert"), Token(run, "x")]);
        await Log.AppendAsync(run, [Completed(run, "performance")]);

        var percents = (await Log.ReadAsync(run)).Where(e => e.Type == EventTypes.NodeCompleted)
            .Select(e => Json(e).GetProperty("percent").GetInt32());
        Assert.Equal([20, 40], percents);
    }

    [Fact]
    public async Task Append_KeepsEachRunsSeqApart()
    {
        var (one, two) = (NewRunId(), NewRunId());
        await Log.AppendAsync(one, [Token(one, "1a"), Token(one, "1b")]);
        await Log.AppendAsync(two, [Token(two, "2a")]);
        await Log.AppendAsync(one, [Token(one, "1c")]);

        Assert.Equal([1L, 2L, 3L], (await Log.ReadAsync(one)).Select(e => e.Seq));
        Assert.Equal(["2a"], Deltas(await Log.ReadAsync(two)));
        Assert.Equal([1L], (await Log.ReadAsync(two)).Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_SkipsDraft_When_ItsDedupeKeyIsAlreadyLogged()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [new EventDraft(new NodeStarted("convert") { RunId = run }, "node_started:convert")]);

        var again = await Log.AppendAsync(run, [new EventDraft(new NodeStarted("convert") { RunId = run }, "node_started:convert")]);

        Assert.Empty(again);
        Assert.Single(await Log.ReadAsync(run));
    }

    [Fact]
    public async Task Append_ReturnsOnlyTheNewDrafts_When_SomeAreDuplicates()
    {
        var run = NewRunId();
        // Message ids may hold characters a Table row key forbids.
        const string awkwardKey = "message:m/1#a?b\\c";
        await Log.AppendAsync(run, [Keyed(run, "first", awkwardKey)]);

        var appended = await Log.AppendAsync(run, [Keyed(run, "dup", awkwardKey), Keyed(run, "new", "k2"), Token(run, "unkeyed")]);

        Assert.Equal([2L, 3L], appended.Select(e => e.Seq));
        Assert.Equal(["first", "new", "unkeyed"], Deltas(await Log.ReadAsync(run)));
    }

    [Fact]
    public async Task Append_SkipsARepeatedKeyWithinOneBatch()
    {
        var run = NewRunId();

        var appended = await Log.AppendAsync(run, [Keyed(run, "a", "k1"), Keyed(run, "again", "k1"), Keyed(run, "b", "k2")]);

        Assert.Equal(["a", "b"], Deltas(appended));
        Assert.Equal([1L, 2L], appended.Select(e => e.Seq));
    }

    [Fact]
    public async Task Append_DedupesWithinItsRunOnly()
    {
        var (one, two) = (NewRunId(), NewRunId());
        await Log.AppendAsync(one, [Keyed(one, "one", "shared")]);

        var appended = await Log.AppendAsync(two, [Keyed(two, "two", "shared")]);

        Assert.Equal(["two"], Deltas(appended));
    }

    [Fact]
    public async Task Read_ReturnsOnlyEventsAfterTheCursor()
    {
        var run = NewRunId();
        for (var i = 0; i < 5; i++)
        {
            await Log.AppendAsync(run, [new EventDraft(new TypingChanged("xiaomei", i % 2 == 0) { RunId = run })]);
        }

        Assert.Equal([4L, 5L], (await Log.ReadAsync(run, afterSeq: 3)).Select(e => e.Seq));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await Log.ReadAsync(run, afterSeq: 0)).Select(e => e.Seq));
        Assert.Empty(await Log.ReadAsync(run, afterSeq: 5));
        Assert.Empty(await Log.ReadAsync(run, afterSeq: 1_000_000));
    }

    [Fact]
    public async Task Read_ReturnsNothing_ForAnUnknownRun() =>
        Assert.Empty(await Log.ReadAsync(NewRunId()));

    [Fact]
    public async Task Append_WritesABatchLargerThanATableTransaction_InOrder()
    {
        // An entity-group transaction holds 100 operations; 250 keyed drafts need 500 entities and more.
        var run = NewRunId();
        var drafts = Enumerable.Range(1, 250).Select(i => Keyed(run, $"t{i}", $"k{i}")).ToList();

        var appended = await Log.AppendAsync(run, drafts);

        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), appended.Select(e => e.Seq));
        var read = await Log.ReadAsync(run);
        Assert.Equal(appended, read);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"t{i}"), Deltas(read));
        Assert.Empty(await Log.AppendAsync(run, drafts));
        Assert.Equal(Enumerable.Range(201, 50).Select(i => (long)i), (await Log.ReadAsync(run, afterSeq: 200)).Select(e => e.Seq));
    }

    /// <summary>A fresh run id, so cases never share a run.</summary>
    protected static string NewRunId() => $"run-{Guid.NewGuid():N}";

    /// <summary>An unkeyed token draft whose delta is <paramref name="delta"/>.</summary>
    protected static EventDraft Token(string run, string delta) => new(new TokenStreamed("analyst", "m1", delta) { RunId = run });

    /// <summary>A token draft with dedupe key <paramref name="key"/>.</summary>
    protected static EventDraft Keyed(string run, string delta, string key) => new(new TokenStreamed("analyst", "m1", delta) { RunId = run }, key);

    /// <summary>A node completion, keyed as the activities key it.</summary>
    protected static EventDraft Completed(string run, string node) =>
        new(new NodeCompleted(node, 1, 0, new Dictionary<string, object?>()) { RunId = run }, $"node_completed:{node}");

    /// <summary>The event's JSON document.</summary>
    protected static JsonElement Json(StoredEvent stored) => JsonSerializer.Deserialize<JsonElement>(stored.Json);

    /// <summary>The token deltas of <paramref name="events"/>, in order.</summary>
    protected static IEnumerable<string?> Deltas(IEnumerable<StoredEvent> events) =>
        events.Where(e => e.Type == EventTypes.Token).Select(e => Json(e).GetProperty("delta").GetString());
}
