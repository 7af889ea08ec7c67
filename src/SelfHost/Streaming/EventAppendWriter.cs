using System.Collections.Concurrent;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <summary>
/// Writes run event appends with group commit: one thread takes every append waiting at that moment into one
/// <c>BEGIN IMMEDIATE</c> transaction, each under its own savepoint (a refused append rolls back alone), through
/// statements prepared once on its own connection, and completes the appends after the commit. With hundreds of token
/// streams, a transaction, a connection open and four statement compilations per token frame, each holding the write
/// lock, capped the host near 4,000 frames a second (docs/performance.md).
/// </summary>
internal sealed partial class EventAppendWriter : IDisposable
{
    /// <summary>Most appends one transaction takes, so one batch holds the write lock briefly.</summary>
    private const int MaxBatch = 256;

    private readonly SqliteDatabase database;
    private readonly TimeProvider time;
    private readonly BlockingCollection<PendingAppend> queue = [];
    private readonly Thread thread;
    private Statements? statements;
    private int disposed;

    public EventAppendWriter(SqliteDatabase database, TimeProvider time)
    {
        this.database = database;
        this.time = time;
        thread = new Thread(Run) { IsBackground = true, Name = "run event log writer" };
        thread.Start();
    }

    /// <summary>Queues an append; the task completes once it is committed (or refused).</summary>
    /// <exception cref="ObjectDisposedException">The writer was stopped.</exception>
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts)
    {
        var append = new PendingAppend(runId, drafts);
        if (Volatile.Read(ref disposed) != 0 || !queue.TryAdd(append))
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

        queue.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(10));
        statements?.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (!queue.IsCompleted)
        {
            if (!queue.TryTake(out var first, Timeout.Infinite))
            {
                continue;
            }

            batch.Add(first);
            while (batch.Count < MaxBatch && queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            Write(batch);
            batch.Clear();
        }
    }

    private void Write(List<PendingAppend> batch)
    {
        var outcomes = new (IReadOnlyList<StoredEvent>? Events, Exception? Error)[batch.Count];
        try
        {
            var s = statements ??= new Statements(database.Open());
            using (database.WriteLock.EnterScope())
            {
                s.Begin.ExecuteNonQuery();
                try
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        s.Savepoint.ExecuteNonQuery();
                        try
                        {
                            outcomes[i] = (Append(s, batch[i].RunId, batch[i].Drafts), null);
                        }
                        catch (Exception ex)
                        {
                            s.RollbackToSavepoint.ExecuteNonQuery();
                            outcomes[i] = (null, ex);
                        }

                        s.Release.ExecuteNonQuery();
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
            // Nothing of the batch was committed: every append fails, the next batch starts on a new connection, and
            // the writer thread lives on (it is the only writer of the log).
            statements?.Dispose();
            statements = null;
            foreach (var append in batch)
            {
                append.Completion.TrySetException(ex);
            }

            return;
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

    private List<StoredEvent> Append(Statements s, string runId, IReadOnlyList<EventDraft> drafts)
    {
        var (lastSeq, completedNodes, closed) = s.ReadHead(runId);
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

        if (appended.Count > 0)
        {
            s.WriteHead(runId, lastSeq, completedNodes, closed);
        }

        return appended;
    }

    private sealed record PendingAppend(string RunId, IReadOnlyList<EventDraft> Drafts)
    {
        public TaskCompletionSource<IReadOnlyList<StoredEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
