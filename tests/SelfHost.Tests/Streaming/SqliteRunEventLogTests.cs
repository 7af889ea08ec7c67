using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Testing.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Streaming;

/// <summary>The SQLite event log against the event-log contract, on a database file of its own per case.</summary>
public sealed class SqliteRunEventLogTests : RunEventLogContract, IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.db");
    private SqliteRunEventLog? sqlite;

    [Fact]
    public async Task IsClosed_IsTrue_OnceTheTerminalEventIsLogged()
    {
        var run = NewRunId();
        await Log.AppendAsync(run, [Token(run, "x")]);
        Assert.False(sqlite!.IsClosed(run));

        await Log.AppendAsync(run, [Terminal(run, EventTypes.RunTerminated)]);

        Assert.True(sqlite.IsClosed(run));
    }

    public void Dispose()
    {
        sqlite?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    protected override IRunEventLog CreateLog(TimeProvider clock) =>
        sqlite = new SqliteRunEventLog(new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), clock);
}
