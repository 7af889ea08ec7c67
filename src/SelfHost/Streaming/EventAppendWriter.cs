using System.Collections.Concurrent;
using System.Threading.Channels;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <summary>
/// Writes run event appends with group commit: one loop takes every append waiting at that moment into one
/// <c>BEGIN IMMEDIATE</c> transaction, each under its own savepoint (a refused append rolls back alone), through
/// statements prepared once on its own connection, and completes the appends after the commit. With hundreds of token
/// streams, a transaction, a connection open and four statement compilations per token frame, each holding the write
/// lock, capped the host near 4,000 frames a second (docs/performance.md). The loop runs on the thread pool, woken by a
/// channel: a thread of its own, woken by a blocking queue, cost a futex wake-up and a spin per batch, ~7 % of the CPU
/// at 1,000 streams.
/// </summary>
internal sealed partial class EventAppendWriter : IDisposable
{
    /// <summary>Most appends one transaction takes, so one batch holds the write lock briefly.</summary>
    private const int MaxBatch = 256;

    /// <summary>Most run heads kept in memory; past it the cache starts over (heads are read again on the next append).</summary>
    private const int MaxCachedHeads = 20_000;

    private readonly SqliteDatabase database;
    private readonly TimeProvider time;
    private readonly Channel<PendingAppend> queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;
    private Statements? statements;
    private int disposed;

    // The heads of open runs as committed, written by the writer loop (the log's only writer), so a token append is
    // one INSERT and each batch writes each run's head once, instead of a head read, a head write and a savepoint per
    // token (docs/performance.md). Other threads read them (HasNothingAfter): a batch's heads are published after its
    // commit and before its appends complete, so whoever learned of an event finds it here or later. A closed run's
    // head leaves the cache; a failed batch clears it.
    private readonly ConcurrentDictionary<string, RunHead> heads = new(StringComparer.Ordinal);

    public EventAppendWriter(SqliteDatabase database, TimeProvider time)
    {
        this.database = database;
        this.time = time;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Queues an append; the task completes once it is committed (or refused).</summary>
    /// <exception cref="ObjectDisposedException">The writer was stopped.</exception>
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts)
    {
        var append = new PendingAppend(runId, drafts);
        if (Volatile.Read(ref disposed) != 0 || !queue.Writer.TryWrite(append))
        {
            throw new ObjectDisposedException(nameof(EventAppendWriter));
        }

        return append.Completion.Task;
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        queue.Writer.TryComplete();
        loop.Wait(TimeSpan.FromSeconds(10));
        using (database.WriteLock.EnterScope())
        {
            statements?.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            Write(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// True when the run is open and this writer committed nothing after <paramref name="afterSeq"/>, so a read after it
    /// would find no event; false when unknown (a run not appended to since the process started, or closed).
    /// </summary>
    public bool HasNothingAfter(string runId, long afterSeq) =>
        heads.TryGetValue(runId, out var head) && head.LastSeq <= afterSeq;

    private void Write(List<PendingAppend> batch)
    {
        var outcomes = new (IReadOnlyList<StoredEvent>? Events, Exception? Error)[batch.Count];
        var touched = new Dictionary<string, RunHead>(StringComparer.Ordinal);
        try
        {
            using (database.WriteLock.EnterScope())
            {
                var s = statements ??= new Statements(database.WriteConnection);
                s.Begin.ExecuteNonQuery();
                try
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        outcomes[i] = AppendOne(s, batch[i], touched);
                    }

                    foreach (var (runId, head) in touched)
                    {
                        s.WriteHead(runId, head.LastSeq, head.CompletedNodes, head.Closed);
                    }

                    s.Commit.ExecuteNonQuery();
                }
                catch
                {
                    s.Rollback.ExecuteNonQuery();
                    throw;
                }
            }
        }
        catch (Exception ex)
        {
            // Nothing of the batch was committed: every append fails, the next batch prepares its statements again and
            // reads the heads again, and the writer loop lives on (it is the only writer of the log).
            using (database.WriteLock.EnterScope())
            {
                statements?.Dispose();
                statements = null;
            }

            heads.Clear();
            foreach (var append in batch)
            {
                append.Completion.TrySetException(ex);
            }

            return;
        }

        if (heads.Count > MaxCachedHeads)
        {
            // Runs that never close (their host died mid-run) would otherwise stay cached for the process's life.
            heads.Clear();
        }

        foreach (var (runId, head) in touched)
        {
            if (head.Closed)
            {
                heads.TryRemove(runId, out _);
            }
            else
            {
                heads[runId] = head;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                batch[i].Completion.TrySetException(error);
            }
            else
            {
                batch[i].Completion.TrySetResult(outcomes[i].Events!);
            }
        }
    }

    /// <summary>
    /// One append inside the batch's transaction. A single draft without a dedupe key (a token frame, nearly every
    /// append) can only be refused before anything is written, so it needs no savepoint; others get one, so a refused
    /// append rolls back alone. The run's head advances in <paramref name="touched"/> only when the append succeeds.
    /// </summary>
    private (IReadOnlyList<StoredEvent>? Events, Exception? Error) AppendOne(Statements s, PendingAppend append, Dictionary<string, RunHead> touched)
    {
        var head = touched.TryGetValue(append.RunId, out var pending) ? pending : Head(s, append.RunId);
        var simple = append.Drafts.Count == 1 && append.Drafts[0].DedupeKey is null;
        if (simple)
        {
            if (head.Closed)
            {
                return (null, new RunClosedException(append.RunId));
            }

            var (events, next) = Append(s, append.RunId, append.Drafts, head);
            touched[append.RunId] = next;
            return (events, null);
        }

        s.Savepoint.ExecuteNonQuery();
        try
        {
            var (events, next) = Append(s, append.RunId, append.Drafts, head);
            s.Release.ExecuteNonQuery();
            if (events.Count > 0)
            {
                touched[append.RunId] = next;
            }

            return (events, null);
        }
        catch (Exception ex)
        {
            s.RollbackToSavepoint.ExecuteNonQuery();
            s.Release.ExecuteNonQuery();
            return (null, ex);
        }
    }

    private RunHead Head(Statements s, string runId)
    {
        if (heads.TryGetValue(runId, out var cached))
        {
            return cached;
        }

        var (lastSeq, completedNodes, closed) = s.ReadHead(runId);
        return new RunHead(lastSeq, completedNodes, closed);
    }

    private (List<StoredEvent> Events, RunHead Head) Append(Statements s, string runId, IReadOnlyList<EventDraft> drafts, RunHead head)
    {
        var (lastSeq, completedNodes, closed) = head;
        var appended = new List<StoredEvent>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (draft.DedupeKey is not null && s.HasKey(runId, draft.DedupeKey))
            {
                continue;
            }

            if (closed)
            {
                throw new RunClosedException(runId);
            }

            completedNodes += draft.Event is NodeCompleted ? 1 : 0;
            var stamped = EventStamper.Stamp(draft.Event, ++lastSeq, time.GetUtcNow(), completedNodes);
            var stored = new StoredEvent(runId, stamped.Seq, stamped.Type, EventJson.Serialize(stamped));
            s.Insert(stored, draft.DedupeKey);
            closed = EventTypes.IsTerminal(stored.Type);
            appended.Add(stored);
        }

        return (appended, new RunHead(lastSeq, completedNodes, closed));
    }

    /// <summary>A run's last seq, completed node count and closed flag, as committed (or as this batch leaves them).</summary>
    private readonly record struct RunHead(long LastSeq, int CompletedNodes, bool Closed);

    private sealed record PendingAppend(string RunId, IReadOnlyList<EventDraft> Drafts)
    {
        public TaskCompletionSource<IReadOnlyList<StoredEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
