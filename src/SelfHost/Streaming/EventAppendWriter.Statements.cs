using Microsoft.Data.Sqlite;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <content>The writer's statements, compiled once on the database's write connection and reused for every append.</content>
internal sealed partial class EventAppendWriter
{
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection connection;
        private readonly SqliteCommand readHead;
        private readonly SqliteCommand hasKey;
        private readonly SqliteCommand insert;
        private readonly SqliteCommand writeHead;

        public Statements(SqliteConnection connection)
        {
            this.connection = connection;
            Begin = Prepare("BEGIN IMMEDIATE");
            Commit = Prepare("COMMIT");
            Rollback = Prepare("ROLLBACK");
            Savepoint = Prepare("SAVEPOINT append");
            Release = Prepare("RELEASE append");
            RollbackToSavepoint = Prepare("ROLLBACK TO append");
            readHead = Prepare("SELECT last_seq, completed_nodes, closed FROM event_heads WHERE run_id = $run", "$run");
            hasKey = Prepare("SELECT 1 FROM events WHERE run_id = $run AND dedupe_key = $key", "$run", "$key");
            insert = Prepare("INSERT INTO events (run_id, seq, type, dedupe_key, json) VALUES ($run, $seq, $type, $key, $json)", "$run", "$seq", "$type", "$key", "$json");
            writeHead = Prepare("""
                INSERT INTO event_heads (run_id, last_seq, completed_nodes, closed) VALUES ($run, $seq, $nodes, $closed)
                ON CONFLICT(run_id) DO UPDATE SET last_seq = $seq, completed_nodes = $nodes, closed = $closed
                """, "$run", "$seq", "$nodes", "$closed");
        }

        public SqliteCommand Begin { get; }

        public SqliteCommand Commit { get; }

        public SqliteCommand Rollback { get; }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand Release { get; }

        public SqliteCommand RollbackToSavepoint { get; }

        public (long LastSeq, int CompletedNodes, bool Closed) ReadHead(string runId)
        {
            readHead.Parameters[0].Value = runId;
            using var reader = readHead.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2) != 0) : (0, 0, false);
        }

        public bool HasKey(string runId, string key)
        {
            hasKey.Parameters[0].Value = runId;
            hasKey.Parameters[1].Value = key;
            return hasKey.ExecuteScalar() is not null;
        }

        public void Insert(StoredEvent stored, string? key)
        {
            insert.Parameters[0].Value = stored.RunId;
            insert.Parameters[1].Value = stored.Seq;
            insert.Parameters[2].Value = stored.Type;
            insert.Parameters[3].Value = (object?)key ?? DBNull.Value;
            insert.Parameters[4].Value = stored.Json;
            insert.ExecuteNonQuery();
        }

        public void WriteHead(string runId, long lastSeq, int completedNodes, bool closed)
        {
            writeHead.Parameters[0].Value = runId;
            writeHead.Parameters[1].Value = lastSeq;
            writeHead.Parameters[2].Value = completedNodes;
            writeHead.Parameters[3].Value = closed ? 1 : 0;
            writeHead.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in new[] { Begin, Commit, Rollback, Savepoint, Release, RollbackToSavepoint, readHead, hasKey, insert, writeHead })
            {
                command.Dispose();
            }
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            command.Prepare();
            return command;
        }
    }
}
