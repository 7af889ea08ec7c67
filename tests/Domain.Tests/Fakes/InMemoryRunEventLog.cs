using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Fakes;

/// <summary>
/// An <see cref="IRunEventLog"/> in memory with the real rules: seq from 1 without gaps, stamping by
/// <see cref="EventStamper"/>, dedupe keys dropped before the closed check, atomic appends, and
/// <see cref="RunClosedException"/> for a new event after a terminal one. Thread-safe. Passes the event-log contract
/// suite (<c>InMemoryRunEventLogTests</c>).
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
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var fresh = drafts.Where(d => d.DedupeKey is not { } key || (!run.Keys.Contains(key) && keys.Add(key))).ToList();
            var closed = run.Closed;
            var completedNodes = run.CompletedNodes;
            foreach (var draft in fresh)
            {
                // Duplicates were dropped first, so only a new draft is refused by a closed run; the batch is refused whole.
                if (closed)
                {
                    throw new RunClosedException(runId);
                }

                completedNodes += draft.Event is NodeCompleted ? 1 : 0;
                var stamped = EventStamper.Stamp(draft.Event, run.Events.Count + appended.Count + 1, time.GetUtcNow(), completedNodes);
                var stored = new StoredEvent(runId, stamped.Seq, stamped.Type, EventJson.Serialize(stamped));
                appended.Add(stored);
                closed = EventTypes.IsTerminal(stored.Type);
            }

            run.Events.AddRange(appended);
            run.Keys.UnionWith(keys);
            run.CompletedNodes = completedNodes;
            run.Closed = closed;
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
