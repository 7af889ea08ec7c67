namespace PortfolioAdvisor.Streaming;

/// <summary>
/// The durable, ordered log of a run's events. Implementations: SQLite (self-host), Azure Table storage (Functions).
/// </summary>
public interface IRunEventLog
{
    /// <summary>
    /// Appends <paramref name="drafts"/> in order, stamping each with the run's next seq (1 for its first event, no gap,
    /// no repeat, even across concurrent writers) and the time (see <see cref="EventStamper"/>). The rules apply in this
    /// order: first, drafts whose dedupe key the run already holds, or that repeat a key earlier in the batch, are dropped;
    /// then, if a draft is left and the run is closed (its log holds a terminal event), or a draft is left after the
    /// batch's own terminal event, the append is refused whole. So an append whose drafts are all duplicates returns empty
    /// even after the run ended (activities run at least once: a re-run of the one that ended the run adds nothing and
    /// does not fail), while a mix of duplicates and new drafts after the end is refused and writes nothing.
    /// An append is atomic: its new drafts get consecutive seqs, or none is written (Table storage splits an append of
    /// more than 49 new drafts into consecutive atomic parts). Every implementation passes the event-log contract suite
    /// (<c>tests/Testing/Streaming/RunEventLogContract.cs</c>).
    /// </summary>
    /// <returns>The events appended, in seq order (empty when all were duplicates).</returns>
    /// <exception cref="RunClosedException">A draft that is not a duplicate would follow the run's terminal event.</exception>
    Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default);

    /// <summary>The run's events with seq greater than <paramref name="afterSeq"/>, in seq order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string runId, long afterSeq = 0, CancellationToken cancellationToken = default);
}

/// <summary>Thrown by <see cref="IRunEventLog.AppendAsync"/> once a run has its terminal event: nothing may follow it.</summary>
public sealed class RunClosedException(string runId)
    : InvalidOperationException($"Run '{runId}' has ended; no event may follow its terminal event.")
{
    /// <summary>The run that has ended.</summary>
    public string RunId { get; } = runId;
}
