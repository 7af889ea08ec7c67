using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Storage;

/// <summary>Where the self-host keeps its state.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// Path of the SQLite database holding orchestration instances, their history, the run event logs and the
    /// conversations' turn index.
    /// Default: <c>App_Data/advisor.db</c> under the content root.
    /// </summary>
    public string? DatabasePath { get; set; }
}

/// <summary>
/// The self-host's SQLite database (WAL mode): opens pooled connections and creates the schema once.
/// Writers take <c>BEGIN IMMEDIATE</c> transactions, so seq assignment and history checkpoints are serialized, and
/// hold <see cref="WriteLock"/> while they write. The WAL is checkpointed in the background, not by writers.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>How often the background checkpoint runs.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary>WAL pages (4 KiB each: 64 MiB) past which the WAL is restarted from its beginning.</summary>
    private const long RestartFrames = 16_384;

    /// <summary>The write connection's page cache, in KiB (SQLite's negative <c>cache_size</c>): 32 MiB.</summary>
    private const int WriteCacheKibibytes = 32_768;

    private readonly string connectionString;
    private readonly Timer checkpoints;
    private SqliteConnection? writeConnection;
    private int disposed;

    /// <summary>Creates the database file and schema when missing.</summary>
    public SqliteDatabase(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var path = options.Value.DatabasePath is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "App_Data", "advisor.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SQLitePCL.Batteries_V2.Init();
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
        FilePath = path;
        using var connection = OpenForWrites();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        checkpoints = new Timer(_ => CheckpointBesideWriters(), null, CheckpointInterval, CheckpointInterval);
    }

    /// <summary>
    /// Held by every writer of this process for the length of its write. SQLite's busy handler waits for the write lock
    /// by sleeping with a back-off of 1 to 100 ms, which with hundreds of token streams writing at once added seconds
    /// per token (docs/performance.md); waiting on this lock instead hands the write over as soon as it is free.
    /// </summary>
    public Lock WriteLock { get; } = new();

    /// <summary>
    /// The process's one write connection, opened on first use, with a 32-MiB page cache. Callers hold
    /// <see cref="WriteLock"/> while they use it and dispose only their own commands. In WAL mode a connection drops its
    /// whole page cache when another connection has committed since its last transaction, so two writers taking turns
    /// (the event log and the engine store) re-read every page they touch from the WAL, and with 1,000 interleaved runs
    /// the events' index no longer fits the default 2-MiB cache either: reading pages back was most of the log's CPU at
    /// 1,000 streams (docs/performance.md).
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller does not hold <see cref="WriteLock"/>.</exception>
    public SqliteConnection WriteConnection
    {
        get
        {
            if (!WriteLock.IsHeldByCurrentThread)
            {
                throw new InvalidOperationException("The write connection is used only under the write lock.");
            }

            if (writeConnection is null)
            {
                var connection = OpenForWrites();
                using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA cache_size = -{WriteCacheKibibytes};";
                pragma.ExecuteNonQuery();
                writeConnection = connection;
            }

            return writeConnection;
        }
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens a pooled connection for reads. It runs no pragma: in WAL mode a reader neither waits for writers nor
    /// checkpoints, and three pragmas per open were a measurable part of a status read.
    /// </summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Opens a connection for writing or checkpointing: with a busy timeout, so it waits for another process's writer instead of failing.</summary>
    private SqliteConnection OpenForWrites()
    {
        var connection = Open();
        using var pragma = connection.CreateCommand();
        // No automatic checkpoint: SQLite would run it (copying the WAL into the file and syncing it) inside the commit
        // that crosses the threshold, under the write lock, stalling every token stream behind it for as long as the
        // disk takes (p95 384 ms at 100 streams; docs/performance.md). The timer checkpoints instead, beside writers,
        // as https://sqlite.org/wal.html#application_initiated_checkpoints suggests.
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Stops the background checkpoints and checkpoints the whole WAL once more.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            checkpoints.Dispose();
            using (WriteLock.EnterScope())
            {
                writeConnection?.Dispose();
                writeConnection = null;
            }

            using var connection = OpenForWrites();
            Checkpoint(connection, "TRUNCATE");
        }
    }

    /// <summary>
    /// Copies the WAL into the database file beside writers. Once the WAL holds <see cref="RestartFrames"/> pages, it
    /// then copies the few pages committed meanwhile while writers wait (milliseconds), so the checkpoint is complete
    /// and the next write starts the WAL from its beginning: under a continuous stream of writes a checkpoint beside
    /// writers never completes, and the WAL would grow without bound.
    /// </summary>
    private void CheckpointBesideWriters()
    {
        try
        {
            using var connection = OpenForWrites();
            if (Checkpoint(connection, "PASSIVE") >= RestartFrames)
            {
                using (WriteLock.EnterScope())
                {
                    Checkpoint(connection, "PASSIVE");
                }
            }
        }
        catch (SqliteException)
        {
            // Busy or shutting down: the next checkpoint copies the same pages.
        }
    }

    /// <summary>Runs a checkpoint; returns the pages the WAL holds (-1 when it is not in WAL mode).</summary>
    private static long Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : -1;
    }

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS instances (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            owner TEXT NOT NULL,
            input TEXT NOT NULL,
            status TEXT NOT NULL,
            custom_status TEXT,
            output TEXT,
            failure TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS instances_status ON instances(status);
        CREATE INDEX IF NOT EXISTS instances_owner_status ON instances(owner, status);
        CREATE TABLE IF NOT EXISTS instance_traces (
            instance_id TEXT PRIMARY KEY,
            trace_parent TEXT NOT NULL,
            trace_state TEXT);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            state TEXT NOT NULL,
            result TEXT,
            error_type TEXT,
            error_message TEXT,
            executions INTEGER NOT NULL DEFAULT 0,
            ts TEXT NOT NULL,
            PRIMARY KEY (instance_id, task_id));
        CREATE TABLE IF NOT EXISTS event_heads (
            run_id TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL,
            completed_nodes INTEGER NOT NULL,
            closed INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            dedupe_key TEXT,
            json TEXT NOT NULL,
            PRIMARY KEY (run_id, seq));
        CREATE UNIQUE INDEX IF NOT EXISTS events_dedupe ON events(run_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
        CREATE TABLE IF NOT EXISTS conversation_turns (
            conversation_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            turn_id TEXT NOT NULL UNIQUE,
            owner TEXT NOT NULL,
            question TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (conversation_id, position));
        """;
}
