using Microsoft.Data.Sqlite;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <summary>
/// The run event log in SQLite. An append is one <c>BEGIN IMMEDIATE</c> transaction over the run's head row (last seq,
/// completed nodes, closed flag) and its event rows, so seq has no gap and no repeat across restarts.
/// </summary>
public sealed class SqliteRunEventLog(SqliteDatabase database, TimeProvider time) : IRunEventLog
{
    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        using var writing = database.WriteLock.EnterScope();
        using var transaction = connection.BeginTransaction(deferred: false);
        var (lastSeq, completedNodes, closed) = ReadHead(connection, transaction, runId);
        var appended = new List<StoredEvent>(drafts.Count);
        foreach (var draft in drafts)
        {
            if (draft.DedupeKey is not null && HasKey(connection, transaction, runId, draft.DedupeKey))
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
            Insert(connection, transaction, stored, draft.DedupeKey);
            closed = EventTypes.IsTerminal(stored.Type);
            appended.Add(stored);
        }

        if (appended.Count > 0)
        {
            WriteHead(connection, transaction, runId, lastSeq, completedNodes, closed);
        }

        transaction.Commit();
        return Task.FromResult<IReadOnlyList<StoredEvent>>(appended);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string runId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
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
        using var transaction = connection.BeginTransaction(deferred: true);
        return ReadHead(connection, transaction, runId).Closed;
    }

    private static (long LastSeq, int CompletedNodes, bool Closed) ReadHead(SqliteConnection connection, SqliteTransaction transaction, string runId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT last_seq, completed_nodes, closed FROM event_heads WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2) != 0) : (0, 0, false);
    }

    private static bool HasKey(SqliteConnection connection, SqliteTransaction transaction, string runId, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM events WHERE run_id = $run AND dedupe_key = $key";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is not null;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, StoredEvent stored, string? key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO events (run_id, seq, type, dedupe_key, json) VALUES ($run, $seq, $type, $key, $json)";
        command.Parameters.AddWithValue("$run", stored.RunId);
        command.Parameters.AddWithValue("$seq", stored.Seq);
        command.Parameters.AddWithValue("$type", stored.Type);
        command.Parameters.AddWithValue("$key", (object?)key ?? DBNull.Value);
        command.Parameters.AddWithValue("$json", stored.Json);
        command.ExecuteNonQuery();
    }

    private static void WriteHead(SqliteConnection connection, SqliteTransaction transaction, string runId, long lastSeq, int completedNodes, bool closed)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO event_heads (run_id, last_seq, completed_nodes, closed) VALUES ($run, $seq, $nodes, $closed)
            ON CONFLICT(run_id) DO UPDATE SET last_seq = $seq, completed_nodes = $nodes, closed = $closed
            """;
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$seq", lastSeq);
        command.Parameters.AddWithValue("$nodes", completedNodes);
        command.Parameters.AddWithValue("$closed", closed ? 1 : 0);
        command.ExecuteNonQuery();
    }
}
