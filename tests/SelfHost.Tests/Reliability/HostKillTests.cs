using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.Storage;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// The host dies at each stage before the advisor (SIGKILL while convert, or risk and performance in parallel, have
/// done their work but not checkpointed it; <c>Faults:ActivityDelayMilliseconds</c> holds them there) and is
/// restarted over the same database; and killed in the middle of a terminate. Mid-stream kills are in
/// <see cref="HostRestartTests"/>.
/// </summary>
public sealed class HostKillTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"kill-{Guid.NewGuid():N}.db");

    [Fact]
    public Task KilledDuringConvert_RunCompletesOnRestart_WithSeqUnbrokenAndOnlyConvertRunAgain() =>
        KillAndRestartAsync(["ConvertPortfolio"], ["convert"], rerun: ["ConvertPortfolio"]);

    [Fact]
    public Task KilledDuringRiskAndPerformance_RunCompletesOnRestart_WithConvertNotRunAgain() =>
        KillAndRestartAsync(["ComputeRiskMetrics", "MeasurePerformance"], ["convert", "risk", "performance"], rerun: ["ComputeRiskMetrics", "MeasurePerformance"]);

    [Fact]
    public async Task KilledBetweenTerminateLoggingRunTerminatedAndStoringTheStatus_RunEndsTerminatedOnRestart_NotRunningForever()
    {
        var slow = Settings();
        slow["Faults:ActivityDelayMilliseconds:ConvertPortfolio"] = "30000";
        string id;
        using (var first = await SelfHostProcess.StartAsync(slow))
        {
            using var client = first.CreateUserClient();
            id = await RunClient.StartRunAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));
            await RunClient.WaitForEventsAsync(client, id, events => events.Any(e => e.Type() == "node_completed"));
            first.Kill();
        }

        // Terminate's first step, with the host dead before its second (the status write).
        var log = new SqliteRunEventLog(
            new SqliteDatabase(Options.Create(new StorageOptions { DatabasePath = databasePath }), new TestHostEnvironment()), TimeProvider.System);
        await log.AppendAsync(id, [new EventDraft(new RunTerminated("stopped just before the crash") { RunId = id }, EventTypes.RunTerminated)]);

        using var second = await SelfHostProcess.StartAsync(Settings());
        using var again = second.CreateUserClient();
        var status = await RunClient.WaitForEndAsync(again, id, TimeSpan.FromSeconds(10));

        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.False(status.TryGetProperty("output", out _));
        var events = await RunClient.EventsAsync(again, id);
        ContractRules.AssertHold(events, id, expectedTerminal: "run_terminated");
        Assert.Equal("stopped just before the crash", events[^1].GetProperty("reason").GetString());
        Assert.Equal(1, Executions(id, "ConvertPortfolio"));
        Assert.Equal(0, (await again.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("runsInFlight").GetInt32());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private async Task KillAndRestartAsync(string[] slowActivities, string[] completedNodesAtKill, string[] rerun)
    {
        var slow = Settings();
        foreach (var activity in slowActivities)
        {
            slow[$"Faults:ActivityDelayMilliseconds:{activity}"] = "30000";
        }

        string id;
        IReadOnlyList<long> seenBeforeKill;
        using (var first = await SelfHostProcess.StartAsync(slow))
        {
            using var client = first.CreateUserClient();
            id = await RunClient.StartRunAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));
            await RunClient.WaitForEventsAsync(client, id, events => completedNodesAtKill.All(node =>
                events.Any(e => e.Type() == "node_completed" && e.GetProperty("node").GetString() == node)));
            seenBeforeKill = SseClient.Seqs(await SseClient.ReadAsync(client, id, take: completedNodesAtKill.Length * 2 + 1));
            Assert.All(slowActivities, activity => Assert.Equal("scheduled", State(id, activity)));
            first.Kill();
        }

        using var second = await SelfHostProcess.StartAsync(Settings());
        using var again = second.CreateUserClient();
        var resumed = await SseClient.ReadAsync(again, id, lastEventId: seenBeforeKill[^1]);
        var status = await RunClient.WaitForEndAsync(again, id);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(again, id);
        var finals = ContractRules.AssertHold(events, id);
        Assert.Equal(finals, status.AdviceMessages());
        Assert.Equal(events.Select(e => e.Seq()), seenBeforeKill.Concat(SseClient.Seqs(resumed)));
        foreach (var type in new[] { "node_started", "node_completed" })
        {
            Assert.Equal(5, events.Count(e => e.Type() == type));
        }

        Assert.Single(events, e => e.Type() == "run_started");
        Assert.Empty(events.OfType("error"));
        foreach (var activity in new[] { "ConvertPortfolio", "ComputeRiskMetrics", "MeasurePerformance", "BuildRecommendations", "StreamAdvisorReply", "CompleteRun" })
        {
            Assert.Equal(rerun.Contains(activity) ? 2 : 1, Executions(id, activity));
        }
    }

    private Dictionary<string, string?> Settings() => new(SelfHostFactory.TestDefaults)
    {
        ["Storage:DatabasePath"] = databasePath,
    };

    private int Executions(string id, string activity) =>
        Convert.ToInt32(Query(id, activity, "executions"), CultureInfo.InvariantCulture);

    private string State(string id, string activity) => (string)Query(id, activity, "state")!;

    private object? Query(string id, string activity, string column)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM history WHERE instance_id = $id AND name = $name";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", activity);
        return command.ExecuteScalar();
    }
}
