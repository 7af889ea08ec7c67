extern alias ModelServer;

using System.Globalization;
using Microsoft.Data.Sqlite;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>
/// A host killed (SIGKILL) mid-turn: after the tool ran and while the second model call waits for its first token (the
/// model server's <c>fault:slow-first-token</c>), then restarted over the same SQLite file.
/// </summary>
public sealed class TurnHostKillTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"turn-kill-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task KilledMidTurn_TurnCompletesAfterTheRestart_WithSeqUnbroken_AndTheToolRunOnce()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, FirstTokenDelay = TimeSpan.FromSeconds(3) });
        var settings = new Dictionary<string, string?>(SelfHostFactory.TestDefaults)
        {
            ["Storage:DatabasePath"] = databasePath,
            ["Advisor:Endpoint"] = server.ApiBaseUrl.ToString(),
            ["Advisor:Model"] = "tools:what_if|fault:slow-first-token",
            ["Advisor:FirstTokenTimeoutSeconds"] = "30",
        };

        string analysis, turn;
        long[] seenBeforeKill;
        using (var first = await SelfHostProcess.StartAsync(settings))
        {
            using var client = first.CreateUserClient();
            analysis = await ConversationClient.CompletedAnalysisAsync(client);
            turn = await ConversationClient.AskRunAsync(client, analysis, "What if I sell 20 VTI?");
            await Eventually.HoldsAsync(
                () => server.Requests.Count(r => r.Tools.Count > 0) >= 2, TimeSpan.FromSeconds(60), "the turn's second model call did not arrive in time");

            first.Kill();
        }

        Assert.Equal("completed", Query(turn, "RunAdvisorTool", "state"));
        using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            seenBeforeKill = [.. ReadSeqs(connection, turn)];
        }

        using var second = await SelfHostProcess.StartAsync(settings);
        using var again = second.CreateUserClient();
        var resumed = await SseClient.ReadAsync(again, turn, lastEventId: seenBeforeKill[^1], timeout: TimeSpan.FromSeconds(60));
        var status = await RunClient.WaitForEndAsync(again, turn);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(again, turn);
        ConversationContractCases.AssertTurnEvents(events, turn, analysis);
        Assert.Equal(events.Select(e => e.Seq()), seenBeforeKill.Concat(SseClient.Seqs(resumed)));
        Assert.Single(events, e => e.Type() == "tool_call");
        Assert.Single(events, e => e.Type() == "tool_result");
        Assert.Single(events, e => e.Type() == "run_started");
        Assert.Equal(1, Convert.ToInt32(Query(turn, "RunAdvisorTool", "executions"), CultureInfo.InvariantCulture));
        Assert.Equal(3, server.Requests.Count(r => r.Tools.Count > 0));
        var transcript = await ConversationClient.QuestionsAsync(again, analysis);
        Assert.Equal(["What if I sell 20 VTI?"], transcript);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private static List<long> ReadSeqs(SqliteConnection connection, string runId)
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM events WHERE run_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        var seqs = new List<long>();
        while (reader.Read())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }

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
