namespace PortfolioAdvisor.Streaming;

/// <summary>
/// The durable, ordered log of a run's events. Implementations: SQLite (self-host), Azure Table storage (Functions).
/// </summary>
public interface IRunEventLog
{
    /// <summary>
    /// Appends <paramref name="drafts"/> atomically in order, stamping each with the run's next seq and the time
    /// (see <see cref="EventStamper"/>). Drafts whose dedupe key the run already holds are skipped.
    /// </summary>
    /// <returns>The events appended, in seq order (empty when all were duplicates).</returns>
    /// <exception cref="RunClosedException">The run already has a terminal event.</exception>
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
