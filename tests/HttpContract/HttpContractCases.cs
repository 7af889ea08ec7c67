using System.Globalization;
using System.Text;
using System.Text.Json;
using PortfolioAdvisor.Http;
using Xunit;

namespace PortfolioAdvisor.HttpContract;

/// <summary>
/// The HTTP contract's cases, written once and run against each host's skin: a derived class says how a request reaches
/// its host (the self-host on Kestrel, the Azure functions invoked in-process) and inherits every case.
/// </summary>
public abstract class HttpContractCases
{
    /// <summary>The example portfolio of the shared folder (10 funds).</summary>
    protected static readonly string ExampleJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json"));

    /// <summary>The <c>host</c> the skin's health answer names.</summary>
    protected abstract string HostName { get; }

    /// <summary>Sends <paramref name="request"/> to the host and reads the whole answer.</summary>
    protected abstract Task<ContractResponse> SendAsync(ContractRequest request);

    [Fact]
    public async Task Start_Answers202WithDurableNames_And_LocationIsTheStatusUri()
    {
        var start = await StartAsync(ExampleJson);

        Assert.Equal(202, start.Status);
        var body = Json(start);
        var id = body.GetProperty("id").GetString()!;
        var status = body.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(status, start.Header("location"));
        Assert.True(Uri.IsWellFormedUriString(status, UriKind.Absolute), status);
        Assert.EndsWith($"/api/analyses/{id}", status, StringComparison.Ordinal);
        Assert.Equal($"{status}/events", body.GetProperty("eventsUri").GetString());
        Assert.Equal($"{status}/terminate", body.GetProperty("terminatePostUri").GetString());
        await WaitForEndAsync(id);
    }

    [Fact]
    public async Task Status_AnswersTheContractShape_And_TheOutputOnceCompleted()
    {
        var id = await StartRunAsync(ExampleJson);

        var status = await WaitForEndAsync(id);

        Assert.Equal(id, status.GetProperty("id").GetString());
        Assert.Equal(RuntimeStatuses.Completed, status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(100, status.GetProperty("customStatus").GetProperty("percent").GetInt32());
        Assert.True(status.TryGetProperty("createdTime", out _) && status.TryGetProperty("lastUpdatedTime", out _));
        Assert.Equal(10, status.GetProperty("output").GetProperty("holdings").GetArrayLength());
        Assert.Equal("USD", status.GetProperty("output").GetProperty("baseCurrency").GetString());
    }

    [Fact]
    public async Task Events_AsJson_AnswerTheEventsAfterTheCursor_InSeqOrder()
    {
        var id = await StartRunAsync(ExampleJson);
        await WaitForEndAsync(id);

        var all = Events(await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events")));
        var later = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events?after=5"));

        Assert.Equal(Enumerable.Range(1, all.Length).Select(i => (long)i), all.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("run_started", all[0].GetProperty("type").GetString());
        Assert.Equal("run_completed", all[^1].GetProperty("type").GetString());
        Assert.Equal("application/json", later.MediaType);
        Assert.Equal(all.Skip(5).Select(e => e.GetProperty("seq").GetInt64()), Events(later).Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Events_AsServerSentEvents_StartAfterLastEventId_FrameEachEvent_And_EndAfterTheTerminalEvent()
    {
        var id = await StartRunAsync(ExampleJson);

        var sse = await SendAsync(Sse(id) with { Headers = new Dictionary<string, string> { ["Accept"] = "text/event-stream", ["Last-Event-ID"] = "3" } });

        Assert.Equal(200, sse.Status);
        Assert.Equal("text/event-stream", sse.MediaType);
        Assert.Equal("no-cache", sse.Header("cache-control"));
        var frames = Frames(sse.Body);
        Assert.Equal(4L, frames[0].Seq);
        Assert.Equal(Enumerable.Range(4, frames.Count).Select(i => (long)i), frames.Select(f => f.Seq));
        Assert.All(frames, f => Assert.Equal(f.Type, f.Data.GetProperty("type").GetString()));
        Assert.All(frames, f => Assert.Equal(f.Seq, f.Data.GetProperty("seq").GetInt64()));
        Assert.Equal("run_completed", frames[^1].Type);
    }

    [Fact]
    public async Task Events_HonourAfter_When_TheStreamHasNoLastEventId()
    {
        var id = await StartRunAsync(ExampleJson);
        var all = Frames((await SendAsync(Sse(id))).Body);

        var tail = Frames((await SendAsync(Sse(id) with { PathAndQuery = $"/api/analyses/{id}/events?after={all.Count - 2}" })).Body);

        Assert.Equal([all.Count - 1L, all.Count], tail.Select(f => f.Seq));
    }

    [Theory]
    [InlineData("?after=-1", null)]
    [InlineData("?after=abc", null)]
    [InlineData("?after=1.5", null)]
    [InlineData("", "x")]
    public async Task Events_Answer400NamingAfter_When_TheCursorIsNotAWholeNumber(string query, string? lastEventId)
    {
        var id = await StartRunAsync(ExampleJson);
        var headers = lastEventId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Last-Event-ID"] = lastEventId };

        var json = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events{query}") { Headers = headers });
        var sse = await SendAsync(Sse(id) with { PathAndQuery = $"/api/analyses/{id}/events{query}", Headers = new Dictionary<string, string>(headers) { ["Accept"] = "text/event-stream" } });

        foreach (var answer in new[] { json, sse })
        {
            var problem = ProblemAssert.Is(answer, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("after", out _), answer.Body);
        }

        await WaitForEndAsync(id);
    }

    [Fact]
    public async Task AnotherUser_Gets404_ForStatusEventsSseAndTerminate_And_TheRunGoesOn()
    {
        var id = await StartRunAsync(ExampleJson);

        var answers = new[]
        {
            await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}") { User = "mallory" }),
            await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events") { User = "mallory" }),
            await SendAsync(Sse(id) with { User = "mallory" }),
            await SendAsync(new ContractRequest("POST", $"/api/analyses/{id}/terminate?reason=stranger") { User = "mallory" }),
            await SendAsync(new ContractRequest("GET", "/api/analyses/no-such-run")),
        };

        Assert.All(answers, a => Assert.Equal(ApiProblems.Of(404).Title, ProblemAssert.Is(a, 404).GetProperty("title").GetString()));
        Assert.Equal(RuntimeStatuses.Completed, (await WaitForEndAsync(id)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task EveryRouteButHealth_Answers401_When_NoCallerIsNamed()
    {
        var answers = new[]
        {
            await StartAsync(ExampleJson, user: null),
            await SendAsync(new ContractRequest("GET", "/api/analyses/whatever") { User = null }),
            await SendAsync(new ContractRequest("GET", "/api/analyses/whatever/events") { User = null }),
            await SendAsync(new ContractRequest("POST", "/api/analyses/whatever/terminate") { User = null }),
            await StartAsync(ExampleJson, user: "   "),
        };

        Assert.All(answers, a => ProblemAssert.Is(a, 401));
    }

    [Fact]
    public async Task Health_IsAnonymous_And_SaysWhichHostAnswered_AndNothingAboutAnyUser()
    {
        var health = await SendAsync(new ContractRequest("GET", "/api/health") { User = null });

        Assert.Equal(200, health.Status);
        var body = Json(health);
        Assert.Equal(["status", "activeConnections", "runsInFlight", "host"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("activeConnections").GetInt32() >= 0);
        Assert.True(body.GetProperty("runsInFlight").GetInt32() >= 0);
        Assert.Equal(HostName, body.GetProperty("host").GetString());
    }

    [Theory]
    [InlineData("{\"holdings\": [", null)]
    [InlineData("{\"persona\":\"analyst\"}", "holdings")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":0}]}", "holdings[0].shares")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1e10}]}", "holdings[0].shares")]
    [InlineData("{\"holdings\":[{\"ticker\":\"NOPE\",\"shares\":1}]}", "holdings[0].ticker")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"persona\":\"pirate\"}", "persona")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"riskProfile\":\"yolo\"}", "riskProfile")]
    public async Task Start_Answers400NamingTheField_When_TheJsonIsInvalid(string body, string? field)
    {
        var answer = await StartAsync(body);

        var problem = ProblemAssert.Is(answer, 400);
        Assert.True(problem.TryGetProperty("detail", out _));
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), answer.Body);
        }
    }

    [Fact]
    public async Task Start_Answers415_ForAnotherContentType_And_413_ForABodyOverOneMebibyte()
    {
        var xml = await StartAsync("<holdings/>", contentType: "application/xml");
        var huge = await StartAsync("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"language\":\"" + new string('a', 1024 * 1024) + "\"}");

        ProblemAssert.Is(xml, 415);
        ProblemAssert.Is(huge, 413);
    }

    [Fact]
    public async Task Terminate_Answers202_EndingTheRunWithItsTrimmedReason_Then409()
    {
        var id = await StartRunAsync(ExampleJson);

        var first = await SendAsync(new ContractRequest("POST", $"/api/analyses/{id}/terminate?reason=%20%20changed%20my%20mind%20"));
        var status = await WaitForEndAsync(id);
        var second = await SendAsync(new ContractRequest("POST", $"/api/analyses/{id}/terminate"));

        var events = Events(await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events")));
        if (first.Status == 202)
        {
            Assert.Equal(RuntimeStatuses.Terminated, status.GetProperty("runtimeStatus").GetString());
            Assert.Equal("run_terminated", events[^1].GetProperty("type").GetString());
            Assert.Equal("changed my mind", events[^1].GetProperty("reason").GetString());
        }
        else
        {
            // The run had finished before the request: terminate says so instead of pretending.
            ProblemAssert.Is(first, 409);
            Assert.Equal(RuntimeStatuses.Completed, status.GetProperty("runtimeStatus").GetString());
        }

        Assert.Equal(ApiProblems.Of(409).Title, ProblemAssert.Is(second, 409).GetProperty("title").GetString());
        Assert.Single(events, e => e.GetProperty("type").GetString() is "run_completed" or "run_terminated" or "run_failed");
    }

    /// <summary>Starts a run of <paramref name="body"/>; returns the answer.</summary>
    protected Task<ContractResponse> StartAsync(string body, string contentType = "application/json", string? user = "alice") =>
        SendAsync(new ContractRequest("POST", "/api/analyses") { User = user, ContentType = contentType, Body = Encoding.UTF8.GetBytes(body) });

    /// <summary>Starts a run (asserting 202) and returns its id.</summary>
    protected async Task<string> StartRunAsync(string body)
    {
        var start = await StartAsync(body);
        Assert.True(start.Status == 202, start.Body);
        return Json(start).GetProperty("id").GetString()!;
    }

    /// <summary>Reads the run's SSE stream to its end (after the terminal event), then answers its status.</summary>
    protected async Task<JsonElement> WaitForEndAsync(string id)
    {
        var stream = await SendAsync(Sse(id));
        Assert.Equal(200, stream.Status);
        var status = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}"));
        Assert.Equal(200, status.Status);
        return Json(status);
    }

    private static ContractRequest Sse(string id) =>
        new("GET", $"/api/analyses/{id}/events") { Headers = new Dictionary<string, string> { ["Accept"] = "text/event-stream" } };

    private static JsonElement Json(ContractResponse answer) => JsonDocument.Parse(answer.Body).RootElement.Clone();

    private static JsonElement[] Events(ContractResponse answer)
    {
        Assert.True(answer.Status == 200, answer.Body);
        return [.. Json(answer).EnumerateArray()];
    }

    private static List<(long Seq, string Type, JsonElement Data)> Frames(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(f => !f.StartsWith(':')).Select(frame =>
        {
            var lines = frame.Split('\n');
            Assert.StartsWith("id: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("event: ", lines[1], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[2], StringComparison.Ordinal);
            return (long.Parse(lines[0]["id: ".Length..], CultureInfo.InvariantCulture), lines[1]["event: ".Length..], JsonDocument.Parse(lines[2]["data: ".Length..]).RootElement.Clone());
        })];
}
