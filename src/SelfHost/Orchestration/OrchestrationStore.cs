using System.Globalization;
using Microsoft.Data.Sqlite;
using PortfolioAdvisor.SelfHost.Storage;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// Instances and their history in SQLite: the durable half of the embedded engine. Every checkpoint is one statement
/// or one transaction, so a process killed at any point leaves either the old or the new state. Writes go through the
/// database's write connection, with statements compiled once (<see cref="Writer"/>), under its write lock; reads open
/// pooled connections.
/// </summary>
public sealed partial class OrchestrationStore(SqliteDatabase database) : IDisposable
{
    // Guarded by the database's write lock; null until the first write and after a failed one.
    private Writer? writer;

    /// <summary>Inserts a new Pending instance.</summary>
    public void Create(InstanceRecord instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Execute("""
            INSERT INTO instances (id, name, owner, input, status, custom_status, output, failure, created, updated)
            VALUES ($id, $name, $owner, $input, $status, NULL, NULL, NULL, $created, $created)
            """,
            ("$id", instance.Id), ("$name", instance.Name), ("$owner", instance.Owner), ("$input", instance.Input),
            ("$status", instance.Status), ("$created", Format(instance.Created)));
    }

    /// <summary>Keeps the trace context of the request that started instance <paramref name="id"/> (nothing when null).</summary>
    public void SaveTraceParent(string id, TraceParent? parent)
    {
        if (parent is not null)
        {
            Execute("INSERT OR REPLACE INTO instance_traces (instance_id, trace_parent, trace_state) VALUES ($id, $parent, $state)",
                ("$id", id), ("$parent", parent.Id), ("$state", parent.State));
        }
    }

    /// <summary>The trace context kept for instance <paramref name="id"/>, or null.</summary>
    public TraceParent? FindTraceParent(string id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT trace_parent, trace_state FROM instance_traces WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new TraceParent(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    /// <summary>The instance, or null.</summary>
    public InstanceRecord? Find(string id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, owner, input, status, custom_status, output, failure, created, updated FROM instances WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadInstance(reader) : null;
    }

    /// <summary>Instances that had not ended when the process stopped: they resume on start.</summary>
    public IReadOnlyList<InstanceRecord> FindUnfinished()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, owner, input, status, custom_status, output, failure, created, updated FROM instances WHERE status IN ('Pending', 'Running') ORDER BY created";
        using var reader = command.ExecuteReader();
        var list = new List<InstanceRecord>();
        while (reader.Read())
        {
            list.Add(ReadInstance(reader));
        }

        return list;
    }

    /// <summary>How many unfinished instances <paramref name="owner"/> has.</summary>
    public int CountUnfinished(string owner)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM instances WHERE owner = $owner AND status IN ('Pending', 'Running')";
        command.Parameters.AddWithValue("$owner", owner);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The instance's history by task id.</summary>
    public IReadOnlyDictionary<int, HistoryRecord> LoadHistory(string instanceId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, name, state, result, error_type, error_message, executions, ts FROM history WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", instanceId);
        using var reader = command.ExecuteReader();
        var history = new Dictionary<int, HistoryRecord>();
        while (reader.Read())
        {
            history[reader.GetInt32(0)] = new HistoryRecord(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6), Parse(reader.GetString(7)));
        }

        return history;
    }

    /// <summary>Marks the instance Running (only from Pending or Running) and saves its custom status.</summary>
    /// <returns>False when the instance has already ended (e.g. terminated).</returns>
    public bool MarkRunning(string id, string? customStatus, DateTimeOffset now) =>
        Execute("UPDATE instances SET status = 'Running', custom_status = COALESCE($custom, custom_status), updated = $now WHERE id = $id AND status IN ('Pending', 'Running')",
            ("$id", id), ("$custom", customStatus), ("$now", Format(now))) > 0;

    /// <summary>Checkpoint: activity <paramref name="taskId"/> is scheduled and about to execute (again).</summary>
    public void RecordExecution(string instanceId, int taskId, string name, string? customStatus, DateTimeOffset now) =>
        Write(true, w =>
        {
            w.Execute("""
                INSERT INTO history (instance_id, task_id, name, state, executions, ts) VALUES ($id, $task, $name, 'scheduled', 1, $now)
                ON CONFLICT(instance_id, task_id) DO UPDATE SET executions = executions + 1
                """,
                ("$id", instanceId), ("$task", taskId), ("$name", name), ("$now", Format(now)));
            return UpdateStatus(w, instanceId, customStatus, now);
        });

    /// <summary>Checkpoint: activity <paramref name="taskId"/> finished (completed with a result, or failed).</summary>
    public void RecordOutcome(string instanceId, int taskId, string state, string? result, string? errorType, string? errorMessage, string? customStatus, DateTimeOffset now) =>
        Write(true, w =>
        {
            w.Execute("""
                UPDATE history SET state = $state, result = $result, error_type = $type, error_message = $message, ts = $now
                WHERE instance_id = $id AND task_id = $task
                """,
                ("$id", instanceId), ("$task", taskId), ("$state", state), ("$result", result), ("$type", errorType),
                ("$message", errorMessage), ("$now", Format(now)));
            return UpdateStatus(w, instanceId, customStatus, now);
        });

    /// <summary>Ends the instance with <paramref name="status"/> unless it has already ended.</summary>
    /// <returns>False when it had already ended.</returns>
    public bool Finish(string id, string status, string? output, string? failure, string? customStatus, DateTimeOffset now) =>
        Execute("""
            UPDATE instances SET status = $status, output = $output, failure = $failure,
                custom_status = COALESCE($custom, custom_status), updated = $now
            WHERE id = $id AND status IN ('Pending', 'Running')
            """,
            ("$id", id), ("$status", status), ("$output", output), ("$failure", failure), ("$custom", customStatus), ("$now", Format(now))) > 0;

    /// <summary>Disposes the store's statements.</summary>
    public void Dispose()
    {
        using var writing = database.WriteLock.EnterScope();
        writer?.Dispose();
        writer = null;
    }

    private static int UpdateStatus(Writer w, string id, string? customStatus, DateTimeOffset now) =>
        w.Execute(
            "UPDATE instances SET custom_status = COALESCE($custom, custom_status), updated = $now WHERE id = $id AND status IN ('Pending', 'Running')",
            ("$id", id), ("$custom", customStatus), ("$now", Format(now)));

    private int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Write(false, w => w.Execute(sql, parameters));

    private int Write(bool transaction, Func<Writer, int> write)
    {
        using var writing = database.WriteLock.EnterScope();
        try
        {
            var w = writer ??= new Writer(database.WriteConnection);
            return transaction ? w.InTransaction(write) : write(w);
        }
        catch
        {
            // The next write compiles its statements again: one of them may be what failed.
            writer?.Dispose();
            writer = null;
            throw;
        }
    }

    private static InstanceRecord ReadInstance(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        Parse(reader.GetString(8)), Parse(reader.GetString(9)));

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
