using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>
/// One turn at a time per conversation: a turn held running (its first model call's checkpoint delayed by
/// <c>Faults:ActivityDelayMilliseconds</c>, which a terminate cancels at once) makes a second question 409 with
/// <c>runningTurnId</c>, and <c>?multitask=interrupt</c> terminates it (reason <c>interrupted</c>) and starts the new one.
/// </summary>
public sealed class TurnConflictTests
{
    [Fact]
    public async Task SecondQuestion_Answers409WithTheRunningTurnsId_And_InterruptTerminatesItAndStartsTheNewTurn()
    {
        using var host = new SelfHostFactory(new Dictionary<string, string?> { ["Faults:ActivityDelayMilliseconds:CallAdvisorModel"] = "60000" });
        using var client = host.CreateUserClient();
        var analysis = await ConversationClient.CompletedAnalysisAsync(client);
        var first = await ConversationClient.AskRunAsync(client, analysis, "What if I sell 10 VTI?");
        await RunClient.WaitForEventsAsync(client, first, events => events.Any(e => e.GetProperty("type").GetString() == "node_started"));

        using var refused = await ConversationClient.AskAsync(client, analysis, "tell me about BND");
        using var unknown = await ConversationClient.AskAsync(client, analysis, "tell me about BND", "?multitask=enqueue");
        var second = await ConversationClient.AskRunAsync(client, analysis, "tell me about VTI", "?multitask=interrupt");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first, problem.GetProperty(ApiProblems.RunningTurnIdMember).GetString());
        Assert.Equal(ApiProblems.Of(409).Type, problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("multitask", out _));
        var interrupted = await RunClient.WaitForEndAsync(client, first);
        Assert.Equal("Terminated", interrupted.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(client, first);
        Assert.Equal("run_terminated", events[^1].GetProperty("type").GetString());
        Assert.Equal("interrupted", events[^1].GetProperty("reason").GetString());
        Assert.Single(events, e => e.GetProperty("type").GetString() is "run_terminated" or "run_completed" or "run_failed");
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        var partial = interrupted.GetProperty("output");
        Assert.Equal((analysis, "What if I sell 10 VTI?"), (partial.GetProperty("conversationId").GetString(), partial.GetProperty("question").GetString()));
        Assert.True(partial.GetProperty("advice").GetProperty("partial").GetBoolean());

        var running = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{second}");
        Assert.Contains(running.GetProperty("runtimeStatus").GetString(), new[] { "Pending", "Running" });
        Assert.Equal(["What if I sell 10 VTI?", "tell me about VTI"], await ConversationClient.QuestionsAsync(client, analysis));
        using var stop = await client.PostAsync($"api/analyses/{second}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal("Terminated", (await RunClient.WaitForEndAsync(client, second)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Question_Answers409NamingTheAnalysis_While_TheAnalysisIsStillRunning()
    {
        using var host = new SelfHostFactory(new Dictionary<string, string?> { ["Faults:ActivityDelayMilliseconds:ConvertPortfolio"] = "60000" });
        using var client = host.CreateUserClient();
        var analysis = await RunClient.StartRunAsync(client, ConversationClient.Example);

        using var refused = await ConversationClient.AskAsync(client, analysis, "What if I sell 10 VTI?");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(analysis, problem.GetProperty(ApiProblems.RunningTurnIdMember).GetString());
        Assert.Empty(await ConversationClient.QuestionsAsync(client, analysis));
        using var stop = await client.PostAsync($"api/analyses/{analysis}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
    }
}
