using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Storage;

/// <summary>Where the self-host keeps its state.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// Path of the SQLite database holding orchestration instances, their history and the run event logs.
    /// Default: <c>App_Data/advisor.db</c> under the content root.
    /// </summary>
    public string? DatabasePath { get; set; }
}

/// <summary>
/// The self-host's SQLite database (WAL mode): opens pooled connections and creates the schema once.
/// Writers take <c>BEGIN IMMEDIATE</c> transactions, so seq assignment and history checkpoints are serialized, and
/// hold <see cref="WriteLock"/> while they write.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string connectionString;

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
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Held by every writer of this process for the length of its write. SQLite's busy handler waits for the write lock
    /// by sleeping with a back-off of 1 to 100 ms, which with hundreds of token streams writing at once added seconds
    /// per token (docs/performance.md); waiting on this lock instead hands the write over as soon as it is free.
    /// </summary>
    public Lock WriteLock { get; } = new();

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Opens a connection with a busy timeout, so concurrent writers wait instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
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
        """;
}
