extern alias ModelServer;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary><c>terminate</c> stops a stream in flight within a second, aborts the model call, and keeps the partial reply.</summary>
public sealed class TerminateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Terminate_MidStream_AbortsTheModelCallWithinOneSecond_AndKeepsThePartialReplyMarkedPartial()
    {
        // A reply of ~1,400 tokens at 40 per second: it would take half a minute; the test stops it after a few tokens.
        await using var host = await ModelBackedHost.StartAsync("fault:long", new ModelServerOptions { TokensPerSecond = 40, LongReplyRepeat = 20 });
        using var client = host.Host.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        await RunClient.WaitForEventsAsync(client, id, events => events.OfType("token").Length >= 3);

        var clock = Stopwatch.StartNew();
        var sent = Stopwatch.GetTimestamp();
        using var terminate = await client.PostAsync($"api/analyses/{id}/terminate?reason=enough", null);
        var answered = clock.Elapsed;
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var request = Assert.Single(host.Server.Requests);
        await request.Finished.WaitAsync(TimeSpan.FromSeconds(5));

        // When the model server saw the abort, not when this test next looked (a busy test process delays it).
        Assert.True(request.Aborted, "the model call is aborted");
        var aborted = Stopwatch.GetElapsedTime(sent, request.AbortedAt!.Value);
        var tokensAtAbort = request.TokensSentAtAbort!.Value;
        Assert.False(request.Completed);
        Assert.True(aborted < TimeSpan.FromSeconds(1), $"the model server saw the abort {ModelBackedHost.Ms(aborted)} after terminate was sent");
        // Its answer has ended, so no token can follow: none was written after the abort.
        Assert.Equal(tokensAtAbort, request.TokensSent);
        var events = await RunClient.EventsAsync(client, id);
        ContractRules.AssertHold(events, id, expectedTerminal: "run_terminated");
        var terminated = DateTimeOffset.Parse(events[^1].GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var lastToken = events.OfType("token").Max(e => DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(lastToken <= terminated);
        output.WriteLine($"terminate answered 202 after {ModelBackedHost.Ms(answered)}; model server saw the abort after {ModelBackedHost.Ms(aborted)}; " +
            $"last token event {ModelBackedHost.Ms(terminated - lastToken)} before run_terminated; {tokensAtAbort} of ~1400 model tokens sent");

        var status = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{id}");
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        var advice = status.GetProperty("output").GetProperty("advice");
        Assert.True(advice.GetProperty("partial").GetBoolean());
        Assert.Equal("fault:long", advice.GetProperty("model").GetString());
        var written = string.Concat(events.OfType("token").Select(e => e.GetProperty("delta").GetString()));
        Assert.Equal([written], status.AdviceMessages());
        Assert.StartsWith(written, ModelServerOptions.DefaultReply + "\n\n" + ModelServerOptions.DefaultReply, StringComparison.Ordinal);
        Assert.Equal(10, status.GetProperty("output").GetProperty("holdings").GetArrayLength());
        await AssertTheAzureRebuildEqualsAsync(host.Host, id, status);
    }

    [Fact]
    public async Task Terminate_WhileTheModelIsSilentMidStream_AbortsTheModelCallWithinOneSecond()
    {
        // The model sends five tokens and then nothing; the stall timeout is far away, so only terminate can stop it.
        await using var host = await ModelBackedHost.StartAsync("fault:stall", new ModelServerOptions { TokensPerSecond = 300 },
            new Dictionary<string, string?> { ["Advisor:StallTimeoutSeconds"] = "60" });
        using var client = host.Host.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        await RunClient.WaitForEventsAsync(client, id, events => events.OfType("token").Length > 0);
        var request = Assert.Single(host.Server.Requests);
        while (request.TokensSent < 5)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        var clock = Stopwatch.StartNew();
        var sent = Stopwatch.GetTimestamp();
        using var terminate = await client.PostAsync($"api/analyses/{id}/terminate", null);
        await request.Finished.WaitAsync(TimeSpan.FromSeconds(5));

        var aborted = request.AbortedAt is { } at ? Stopwatch.GetElapsedTime(sent, at) : clock.Elapsed;
        output.WriteLine($"silent model: the model server saw the abort {ModelBackedHost.Ms(aborted)} after terminate was sent");
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.True(request.Aborted && aborted < TimeSpan.FromSeconds(1), $"abort seen after {ModelBackedHost.Ms(aborted)}");
        var status = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{id}");
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.True(status.GetProperty("output").GetProperty("advice").GetProperty("partial").GetBoolean());
    }

    [Fact]
    public async Task Terminate_OfAMultiMessageReply_KeepsTheFinalMessagesAndTheUnfinishedOne()
    {
        // 10 tokens per second: the second paragraph takes over a second, a window wide enough to stop it half written.
        await using var host = await ModelBackedHost.StartAsync("test-model", new ModelServerOptions { TokensPerSecond = 10 });
        using var client = host.Host.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("xiaomei"));
        await RunClient.WaitForEventsAsync(client, id, events =>
            events.OfType("message").Length == 1 && events.Count(e => e.Type() == "token" && e.MessageId()!.EndsWith("-m1", StringComparison.Ordinal)) >= 2);

        using var terminate = await client.PostAsync($"api/analyses/{id}/terminate", null);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var events = await RunClient.EventsAsync(client, id);
        ContractRules.AssertHold(events, id, expectedTerminal: "run_terminated");
        var first = Assert.Single(events.OfType("message")).GetProperty("content").GetString()!;
        var unfinished = new StringBuilder();
        foreach (var token in events.Where(e => e.Type() == "token" && e.MessageId()!.EndsWith("-m1", StringComparison.Ordinal)))
        {
            unfinished.Append(token.GetProperty("delta").GetString());
        }

        var status = await RunClient.WaitForEndAsync(client, id);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([first, unfinished.ToString()], status.AdviceMessages());
        Assert.True(status.GetProperty("output").GetProperty("advice").GetProperty("partial").GetBoolean());
        Assert.Equal("xiaomei", status.GetProperty("output").GetProperty("advice").GetProperty("persona").GetString());
        await AssertTheAzureRebuildEqualsAsync(host.Host, id, status);
    }

    [Fact]
    public async Task Terminate_BeforeTheAdvisorStarted_EndsTheRunAtOnce_WithoutOutput()
    {
        using var factory = new SelfHostFactory(new Dictionary<string, string?> { ["Faults:ActivityDelayMilliseconds:ConvertPortfolio"] = "20000" });
        using var client = factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        await RunClient.WaitForEventsAsync(client, id, events => events.Any(e => e.Type() == "node_completed"));

        var clock = Stopwatch.StartNew();
        using var terminate = await client.PostAsync($"api/analyses/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        while ((await client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("runsInFlight").GetInt32() > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the run's activity stops within a second");
            await Task.Delay(10);
        }

        var status = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{id}");
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.False(status.TryGetProperty("output", out _));
        ContractRules.AssertHold(await RunClient.EventsAsync(client, id), id, expectedTerminal: "run_terminated");
        using var again = await client.PostAsync($"api/analyses/{id}/terminate", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    /// <summary>
    /// The Azure host rebuilds a terminated run's output from the run's input and log (Durable's client cannot read
    /// activity results back); it must serve what the self-host, which keeps the results, serves.
    /// </summary>
    private static async Task AssertTheAzureRebuildEqualsAsync(SelfHostFactory host, string id, JsonElement status)
    {
        var instance = host.Services.GetRequiredService<OrchestrationStore>().Find(id)!;
        var input = JsonSerializer.Deserialize<AnalysisInput>(instance.Input, ActivityRegistry.Json)!;
        var events = await host.Services.GetRequiredService<IRunEventLog>().ReadAsync(id, 0, CancellationToken.None);
        var rebuilt = new TerminatedRunOutput(host.Services.GetRequiredService<MarketDataSet>())
            .Rebuild(input, events, host.Services.GetRequiredService<IChatModel>().Name);

        Assert.NotNull(rebuilt);
        // Both through one writer, so the texts differ only if the documents do (not in how characters are escaped).
        Assert.Equal(
            JsonNode.Parse(status.GetProperty("output").GetRawText())!.ToJsonString(),
            JsonNode.Parse(JsonSerializer.Serialize(rebuilt, EventJson.StatusOptions))!.ToJsonString());
    }
}
