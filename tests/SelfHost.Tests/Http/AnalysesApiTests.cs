using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

public sealed class AnalysesApiTests(SelfHostFixture host) : IClassFixture<SelfHostFixture>
{
    private static readonly string ExampleJson = File.ReadAllText(RepositoryPaths.Portfolio("example.json"));

    [Fact]
    public async Task Start_Answers202WithDurableNames_And_RunCompletesWithTheFullOutput()
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, ExampleJson);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal(started.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        Assert.EndsWith($"/api/analyses/{id}/events", started.GetProperty("eventsUri").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/api/analyses/{id}/terminate", started.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);

        var status = await RunClient.WaitForEndAsync(client, id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(100, status.GetProperty("customStatus").GetProperty("percent").GetInt32());
        var output = status.GetProperty("output");
        Assert.Equal("USD", output.GetProperty("baseCurrency").GetString());
        var holdings = output.GetProperty("holdings").EnumerateArray().ToArray();
        Assert.Equal(10, holdings.Length);
        Assert.Equal(1.0, holdings.Sum(h => h.GetProperty("weight").GetDouble()), 12);
        Assert.Equal(output.GetProperty("totalValue").GetDouble(), holdings.Sum(h => h.GetProperty("marketValue").GetDouble()), 6);
        Assert.Equal("VTI", output.GetProperty("risk").GetProperty("benchmark").GetString());
        Assert.Equal("BIL", output.GetProperty("risk").GetProperty("riskFree").GetString());
        Assert.Equal("offline", output.GetProperty("advice").GetProperty("model").GetString());
        var allocation = output.GetProperty("allocation").EnumerateArray().ToArray();
        Assert.Equal(1.0, allocation.Sum(a => a.GetProperty("weight").GetDouble()), 12);
        Assert.Equal(1.0, allocation.Sum(a => a.GetProperty("target").GetDouble()), 12);
        Assert.Equal("xiaomei", output.GetProperty("advice").GetProperty("persona").GetString());

        var events = await RunClient.EventsAsync(client, id);
        var finals = ContractRules.AssertHold(events, id);
        Assert.True(finals.Count > 1, "xiaomei writes several messages");
        Assert.Equal(finals, output.GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "typing");
    }

    [Fact]
    public async Task Events_After_ReturnsOnlyLaterEvents()
    {
        using var client = host.Factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ExampleJson);
        await RunClient.WaitForEndAsync(client, id);

        var all = await RunClient.EventsAsync(client, id);
        var later = await RunClient.EventsAsync(client, id, after: 5);

        Assert.Equal(all.Skip(5).Select(e => e.GetProperty("seq").GetInt64()), later.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Events_AsServerSentEvents_ResumeAfterLastEventId_And_EndAfterTheTerminalEvent()
    {
        using var client = host.Factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ExampleJson);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/analyses/{id}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Last-Event-ID", "3");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(f => !f.StartsWith(':')).ToArray();

        var seqs = new List<long>();
        foreach (var frame in frames)
        {
            var lines = frame.Split('\n');
            Assert.StartsWith("id: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("event: ", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[2], StringComparison.Ordinal);
            var data = JsonDocument.Parse(lines[2]["data: ".Length..]).RootElement;
            Assert.Equal(long.Parse(lines[0]["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture), data.GetProperty("seq").GetInt64());
            Assert.Equal(lines[1]["event: ".Length..], data.GetProperty("type").GetString());
            seqs.Add(data.GetProperty("seq").GetInt64());
        }

        var all = await RunClient.EventsAsync(client, id);
        Assert.Equal(all.Skip(3).Select(e => e.GetProperty("seq").GetInt64()), seqs);
        Assert.Equal("run_completed", all[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task EveryRoute_Answers401_When_TheCallerHeaderIsMissing()
    {
        using var anonymous = host.Factory.CreateUserClient(user: null);
        using var start = await RunClient.StartAsync(anonymous, ExampleJson);
        using var negotiate = await anonymous.PostAsync("api/negotiate", null);
        using var status = await anonymous.GetAsync("api/analyses/whatever");

        foreach (var response in new[] { start, negotiate, status })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task AnotherUser_Gets404_ForStatusEventsSseAndTerminate()
    {
        using var alice = host.Factory.CreateUserClient("alice");
        using var bob = host.Factory.CreateUserClient("bob");
        var id = await RunClient.StartRunAsync(alice, ExampleJson);

        using var status = await bob.GetAsync($"api/analyses/{id}");
        using var events = await bob.GetAsync($"api/analyses/{id}/events");
        using var sseRequest = new HttpRequestMessage(HttpMethod.Get, $"api/analyses/{id}/events");
        sseRequest.Headers.Accept.ParseAdd("text/event-stream");
        using var sse = await bob.SendAsync(sseRequest);
        using var terminate = await bob.PostAsync($"api/analyses/{id}/terminate", null);

        Assert.All(new[] { status, events, sse, terminate }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("Completed", (await RunClient.WaitForEndAsync(alice, id)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Start_Answers400NamingEachBadRow_When_TheCsvIsBroken()
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("broken.csv")), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("type", out _) && problem.TryGetProperty("title", out _) && problem.TryGetProperty("detail", out _));
        Assert.True(problem.GetProperty("errors").EnumerateObject().Count() >= 5, problem.ToString());
        Assert.Contains("ZZQX", problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"holdings\":[]}")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":-1}]}")]
    [InlineData("{\"holdings\":[{\"ticker\":\"NOPE\",\"shares\":1}]}")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"persona\":\"pirate\"}")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"riskProfile\":\"yolo\"}")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1e308}]}")]
    [InlineData("{\"holdings\": [")]
    public async Task Start_Answers400_When_TheJsonIsInvalid(string body)
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Start_Answers415_When_TheContentTypeIsUnsupported()
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, "<holdings/>", "application/xml");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Start_Answers413_When_TheBodyIsOverOneMebibyte()
    {
        using var client = host.Factory.CreateUserClient();
        var body = "{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"language\":\"" + new string('a', 1024 * 1024) + "\"}";
        using var response = await RunClient.StartAsync(client, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Terminate_EndsTheRun_With_RunTerminatedAsItsLastEvent()
    {
        using var client = host.Factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ExampleJson);

        using var terminate = await client.PostAsync($"api/analyses/{id}/terminate?reason=changed%20my%20mind", null);
        var status = await RunClient.WaitForEndAsync(client, id);

        if (terminate.StatusCode == HttpStatusCode.Accepted)
        {
            Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
            var events = await RunClient.EventsAsync(client, id);
            ContractRules.AssertHold(events, id, expectedTerminal: "run_terminated");
            Assert.Equal("changed my mind", events[^1].GetProperty("reason").GetString());
        }
        else
        {
            // The run had already finished: terminate says so instead of pretending.
            Assert.Equal(HttpStatusCode.Conflict, terminate.StatusCode);
        }
    }

    [Fact]
    public async Task Health_ReportsHealthy()
    {
        using var client = host.Factory.CreateUserClient();
        var health = await client.GetFromJsonAsync<JsonElement>("api/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("activeConnections").GetInt32() >= 0);
    }
}
