using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <summary>
/// The run event log in SQLite. An append is made inside a <c>BEGIN IMMEDIATE</c> transaction over the run's head row
/// (last seq, completed nodes, closed flag) and its event rows, so seq has no gap and no repeat across restarts.
/// Appends are group-committed by <see cref="EventAppendWriter"/>: callers wait without holding a thread, and one
/// commit serves every append waiting at that moment.
/// </summary>
public sealed class SqliteRunEventLog(SqliteDatabase database, TimeProvider time) : IRunEventLog, IDisposable
{
    private readonly EventAppendWriter writer = new(database, time);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        cancellationToken.ThrowIfCancellationRequested();

        // Once queued the append is written whatever the token says, as the synchronous append was.
        return writer.AppendAsync(runId, drafts);
    }

    /// <summary>Writes the appends still queued, then stops the writer.</summary>
    public void Dispose() => writer.Dispose();

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string runId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        if (writer.HasNothingAfter(runId, afterSeq))
        {
            // The writer is the log's only writer: a liveness check or a listener's re-read of an open run that has
            // nothing new costs no connection and no query.
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, type, json FROM events WHERE run_id = $run AND seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$after", afterSeq);
        using var reader = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            events.Add(new StoredEvent(runId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return Task.FromResult<IReadOnlyList<StoredEvent>>(events);
    }

    /// <summary>True once the run's terminal event is logged.</summary>
    public bool IsClosed(string runId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT closed FROM event_heads WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        return command.ExecuteScalar() is long closed && closed != 0;
    }
}
