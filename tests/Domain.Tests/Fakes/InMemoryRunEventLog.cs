using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Fakes;

/// <summary>
/// An <see cref="IRunEventLog"/> in memory with the real rules: seq from 1 without gaps, stamping by
/// <see cref="EventStamper"/>, dedupe keys, and <see cref="RunClosedException"/> after a terminal event. Thread-safe.
/// </summary>
public sealed class InMemoryRunEventLog(TimeProvider? timeProvider = null) : IRunEventLog
{
    private readonly object gate = new();
    private readonly Dictionary<string, RunLog> runs = new(StringComparer.Ordinal);
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>Raised after each appended event, outside the lock (e.g. to terminate a run mid-stream).</summary>
    public event Action<StoredEvent>? Appended;

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        cancellationToken.ThrowIfCancellationRequested();
        var appended = new List<StoredEvent>();
        lock (gate)
        {
            var run = Run(runId);
            foreach (var draft in drafts)
            {
                // A duplicate is dropped before the closed check, as SQLite does: a re-run of the activity that logged
                // the terminal event adds nothing instead of failing.
                if (draft.DedupeKey is { } key && run.Keys.Contains(key))
                {
                    continue;
                }

                if (run.Closed)
                {
                    throw new RunClosedException(runId);
                }

                if (draft.DedupeKey is { } added)
                {
                    run.Keys.Add(added);
                }

                if (draft.Event is NodeCompleted)
                {
                    run.CompletedNodes++;
                }

                var stamped = EventStamper.Stamp(draft.Event, run.Events.Count + 1, time.GetUtcNow(), run.CompletedNodes);
                var stored = new StoredEvent(runId, stamped.Seq, stamped.Type, EventJson.Serialize(stamped));
                run.Events.Add(stored);
                appended.Add(stored);
                run.Closed |= EventTypes.IsTerminal(stored.Type);
            }
        }

        foreach (var stored in appended)
        {
            Appended?.Invoke(stored);
        }

        return Task.FromResult<IReadOnlyList<StoredEvent>>(appended);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string runId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([.. Run(runId).Events.Where(e => e.Seq > afterSeq)]);
        }
    }

    /// <summary>Every event of <paramref name="runId"/>, in seq order.</summary>
    public IReadOnlyList<StoredEvent> Events(string runId)
    {
        lock (gate)
        {
            return [.. Run(runId).Events];
        }
    }

    private RunLog Run(string runId)
    {
        if (!runs.TryGetValue(runId, out var run))
        {
            run = new RunLog();
            runs[runId] = run;
        }

        return run;
    }

    private sealed class RunLog
    {
        public List<StoredEvent> Events { get; } = [];

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public int CompletedNodes { get; set; }

        public bool Closed { get; set; }
    }
}
