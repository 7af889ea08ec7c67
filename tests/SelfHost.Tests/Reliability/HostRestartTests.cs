using System.Text.Json;
using Microsoft.Data.Sqlite;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>A self-host killed with SIGKILL mid-run, then restarted over the same database.</summary>
public sealed class HostRestartTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"restart-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task KilledMidStream_RunResumesOnRestart_WithoutRerunningCompletedActivitiesOrBreakingSeq()
    {
        var slow = Settings(tokensPerSecond: 40);
        string id;
        using (var first = await SelfHostProcess.StartAsync(slow))
        {
            using var client = first.CreateUserClient();
            id = await RunClient.StartRunAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));
            await RunClient.WaitForEventsAsync(client, id, events => events.Count(e => e.GetProperty("type").GetString() == "token") >= 3);
            first.Kill();
        }

        using var second = await SelfHostProcess.StartAsync(Settings(tokensPerSecond: 2000));
        using var again = second.CreateUserClient();
        var status = await RunClient.WaitForEndAsync(again, id);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(again, id);
        var finals = ContractRules.AssertHold(events, id);
        Assert.Equal(finals, status.GetProperty("output").GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "error" && e.GetProperty("retryable").GetBoolean());
        foreach (var node in new[] { "node_started", "node_completed" })
        {
            Assert.Equal(5, events.Count(e => e.GetProperty("type").GetString() == node));
        }

        var executions = Executions(id);
        Assert.Equal(1, executions["ConvertPortfolio"]);
        Assert.Equal(1, executions["ComputeRiskMetrics"]);
        Assert.Equal(1, executions["MeasurePerformance"]);
        Assert.Equal(1, executions["BuildRecommendations"]);
        Assert.Equal(2, executions["StreamAdvisorReply"]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private Dictionary<string, string?> Settings(int tokensPerSecond) => new(SelfHostFactory.TestDefaults)
    {
        ["Storage:DatabasePath"] = databasePath,
        ["Advisor:OfflineTokensPerSecond"] = tokensPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Dictionary<string, int> Executions(string id)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, executions FROM history WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, int>();
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt32(1);
        }

        return result;
    }
}
