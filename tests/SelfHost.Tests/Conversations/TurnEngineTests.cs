extern alias ModelServer;

using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>Turns run by the self-host's embedded engine, with the real OpenAI client against the local model server.</summary>
public sealed class TurnEngineTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"turns-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Turn_CompletesWithTheContractsOutput_WhenRunByTheEmbeddedEngine()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var tools = new CountingAdvisorTools();
        await using var host = await TurnEngineHost.StartAsync(databasePath, server.ApiBaseUrl, "tools:what_if", tools);

        host.Engine.ScheduleNew(ConversationTurnOrchestration.Name, "turn-1", "alice", TurnEngineHost.Turn("turn-1"));
        var instance = await host.WaitForEndAsync("turn-1", TimeSpan.FromSeconds(30));

        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        using var output = JsonDocument.Parse(instance.Output!);
        var root = output.RootElement;
        Assert.Equal(("analysis-1", "What if I sell 20 VTI?"), (root.GetProperty("conversationId").GetString(), root.GetProperty("question").GetString()));
        var advice = root.GetProperty("advice");
        Assert.Equal(("analyst", "tools:what_if"), (advice.GetProperty("persona").GetString(), advice.GetProperty("model").GetString()));
        Assert.Contains("4242.125", Assert.Single(advice.GetProperty("messages").EnumerateArray()).GetString(), StringComparison.Ordinal);
        var call = Assert.Single(root.GetProperty("toolCalls").EnumerateArray());
        Assert.Equal("what_if", call.GetProperty("name").GetString());
        Assert.Equal(-20, call.GetProperty("arguments").GetProperty("trades")[0].GetProperty("shares").GetDouble());
        Assert.Equal(CountingAdvisorTools.Marker, call.GetProperty("result").GetProperty("totalValue").GetDouble());
        var events = await host.Log.ReadAsync("turn-1");
        Assert.Equal(EventTypes.RunStarted, events[0].Type);
        Assert.Equal(EventTypes.RunCompleted, events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Turn_IsAnsweredByTheOfflineAdvisorWithTheRealTools_WhenNoModelIsConfigured()
    {
        await using var host = await TurnEngineHost.StartAsync(databasePath);
        var turn = TurnEngineHost.Turn("turn-o") with { Question = "Tell me about VTI" };

        host.Engine.ScheduleNew(ConversationTurnOrchestration.Name, "turn-o", "alice", turn);
        var instance = await host.WaitForEndAsync("turn-o", TimeSpan.FromSeconds(30));

        Assert.True(instance.Status == RuntimeStatuses.Completed, instance.Failure);
        using var output = JsonDocument.Parse(instance.Output!);
        var root = output.RootElement;
        Assert.Equal("offline", root.GetProperty("advice").GetProperty("model").GetString());
        Assert.NotEmpty(root.GetProperty("advice").GetProperty("messages").EnumerateArray());
        var call = Assert.Single(root.GetProperty("toolCalls").EnumerateArray());
        Assert.Equal("holding_details", call.GetProperty("name").GetString());
        Assert.Equal("VTI", call.GetProperty("result").GetProperty("ticker").GetString());
        var types = (await host.Log.ReadAsync("turn-o")).Select(e => e.Type).ToList();
        Assert.True(types.IndexOf(EventTypes.ToolResult) < types.IndexOf(EventTypes.Message), string.Join(",", types));
        Assert.Equal(EventTypes.RunCompleted, types[^1]);
    }

    [Fact]
    public async Task Turn_ResumesAfterARestartMidTurn_WithoutCallingTheFirstModelCallOrTheToolAgain()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, FirstTokenDelay = TimeSpan.FromSeconds(2) });
        var tools = new CountingAdvisorTools();
        const string model = "tools:what_if|fault:slow-first-token";
        var before = await TurnEngineHost.StartAsync(databasePath, server.ApiBaseUrl, model, tools);
        before.Engine.ScheduleNew(ConversationTurnOrchestration.Name, "turn-r", "alice", TurnEngineHost.Turn("turn-r"));
        await WaitUntilAsync(() => server.Requests.Count == 2
            && before.Store.LoadHistory("turn-r").Values.Any(h => h.Name == nameof(ConversationTurnActivities.RunAdvisorTool) && h.State == HistoryRecord.Completed));

        // The host stops while the second model call waits for its first token.
        await before.DisposeAsync();
        Assert.Equal(RuntimeStatuses.Running, StoredStatus("turn-r"));

        await using var after = await TurnEngineHost.StartAsync(databasePath, server.ApiBaseUrl, model, tools);
        var instance = await after.WaitForEndAsync("turn-r", TimeSpan.FromSeconds(30));

        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(tools.Calls);
        var history = after.Store.LoadHistory("turn-r").Values.OrderBy(h => h.TaskId).ToList();
        Assert.Equal(
            [nameof(ConversationTurnActivities.StartTurn), nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.RunAdvisorTool),
             nameof(ConversationTurnActivities.CallAdvisorModel), nameof(ConversationTurnActivities.CompleteTurn)],
            history.Select(h => h.Name));
        Assert.Equal([1, 1, 1, 2, 1], history.Select(h => h.Executions));
        var events = await after.Log.ReadAsync("turn-r");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Single(events, e => e.Type == EventTypes.ToolCall);
        Assert.Single(events, e => e.Type == EventTypes.ToolResult);
        Assert.Single(events, e => e.Type == EventTypes.RunStarted);
        Assert.Single(events, e => e.Type == EventTypes.Message);
        Assert.Equal(EventTypes.RunCompleted, events[^1].Type);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private string StoredStatus(string id)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM instances WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (string)command.ExecuteScalar()!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(30), "The turn did not reach the expected point within 30 s.");
}
