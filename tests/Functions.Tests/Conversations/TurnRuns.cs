using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Functions.Tests.Http;
using PortfolioAdvisor.Functions.Tests.Orchestrations;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>Turns on the Functions app's test host: the analysis they question, their input, start, end and events.</summary>
internal static class TurnRuns
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs the bundled example analysis on <paramref name="host"/>; returns its id and output.</summary>
    public static async Task<(string Id, AnalysisOutput Output)> AnalysisAsync(FunctionsDurableHost host)
    {
        var id = await AnalysisRuns.StartAsync(host, await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody));
        var end = await AnalysisRuns.WaitAsync(host, id, Timeout);
        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        return (id, end.ReadOutputAs<AnalysisOutput>()!);
    }

    /// <summary>A turn of alice's conversation <paramref name="conversationId"/> asking <paramref name="question"/>, persona and language the analysis'.</summary>
    public static TurnInput Turn(string conversationId, AnalysisOutput analysis, string question, string? turnId = null) =>
        new(new RunContext(turnId ?? AnalysisRuns.NewId(), "alice"), conversationId, question, analysis.Advice.Persona, "en", "balanced", analysis, []);

    /// <summary>Registers the turn's owner and schedules it, as the conversation's start route does.</summary>
    public static async Task<string> StartAsync(FunctionsDurableHost host, TurnInput input)
    {
        await host.Runs.RegisterAsync(input.Run.RunId, input.Run.OwnerId);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(ConversationTurnOrchestration.Name, input, new StartOrchestrationOptions(input.Run.RunId));
        return input.Run.RunId;
    }

    /// <summary>Starts <paramref name="input"/> and waits for its end.</summary>
    public static async Task<OrchestrationMetadata> RunAsync(FunctionsDurableHost host, TurnInput input) =>
        await AnalysisRuns.WaitAsync(host, await StartAsync(host, input), Timeout);

    /// <summary>The turn's <c>output</c> as the Functions app's status route serves it (<c>GET /api/analyses/{turnId}</c>).</summary>
    public static async Task<JsonNode> StatusOutputAsync(FunctionsDurableHost host, string turnId, string expectedStatus = "Completed")
    {
        var answer = await FunctionsHttp.SendAsync(host, new ContractRequest("GET", $"/api/analyses/{turnId}"));
        Assert.Equal(200, answer.Status);
        var status = JsonNode.Parse(answer.Body)!;
        Assert.Equal(expectedStatus, status["runtimeStatus"]!.GetValue<string>());
        return status["output"]!;
    }

    /// <summary>
    /// Asserts what every turn's log holds: seq 1..n without a gap, <c>run_started</c> first (<c>kind: "turn"</c>, only
    /// node <c>advisor</c>, the conversation's id), every event of the turn's run, exactly one terminal event, last.
    /// </summary>
    public static IReadOnlyList<JsonElement> AssertTurnLog(FunctionsDurableHost host, string turnId, string conversationId, string terminal)
    {
        var events = AnalysisRuns.Events(host, turnId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(events, e => Assert.Equal(turnId, e.GetProperty("runId").GetString()));
        var started = events[0];
        Assert.Equal(EventTypes.RunStarted, started.GetProperty("type").GetString());
        Assert.Equal(RunKinds.Turn, started.GetProperty("kind").GetString());
        Assert.Equal(conversationId, started.GetProperty("conversationId").GetString());
        Assert.Equal([AnalysisNodes.Advisor], started.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Single(events, e => EventTypes.IsTerminal(e.GetProperty("type").GetString()!));
        Assert.Equal(terminal, events[^1].GetProperty("type").GetString());
        return events;
    }

    /// <summary>The events of <paramref name="type"/>.</summary>
    public static IReadOnlyList<JsonElement> OfType(IReadOnlyList<JsonElement> events, string type) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == type)];

    /// <summary>Waits (event-driven, on the log's appends) until the run's logged events satisfy <paramref name="condition"/>.</summary>
    public static async Task WaitForEventsAsync(FunctionsDurableHost host, string id, Func<IReadOnlyList<StoredEvent>, bool> condition, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(StoredEvent appended)
        {
            if (appended.RunId == id && condition(host.Log.Events(id)))
            {
                reached.TrySetResult();
            }
        }

        host.Log.Appended += Check;
        try
        {
            if (!condition(host.Log.Events(id)))
            {
                await reached.Task.WaitAsync(timeout);
            }
        }
        finally
        {
            host.Log.Appended -= Check;
        }
    }
}
