using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioAdvisor.Http;
using Xunit;

namespace PortfolioAdvisor.HttpContract;

/// <summary>
/// The conversation cases of the HTTP contract (1.1, "Conversations"), written once and run against each host's skin
/// with the offline advisor: a derived class says how a request reaches its host, as for <see cref="HttpContractCases"/>.
/// </summary>
public abstract class ConversationContractCases
{
    /// <summary>The example portfolio of the shared folder (10 funds; 120 VTI, 250 BND).</summary>
    protected static readonly string ExampleJson = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json"));

    /// <summary>A what-if the offline advisor parses, with trades valid for the example portfolio.</summary>
    protected const string WhatIfQuestion = "What if I sell 10 VTI and buy 5 BND?";

    /// <summary>Sends <paramref name="request"/> to the host and reads the whole answer.</summary>
    protected abstract Task<ContractResponse> SendAsync(ContractRequest request);

    [Fact]
    public async Task Question_StartsATurn_WhoseEventsAreTheContractsInOrder_AndWhoseStatusServesItsOutput()
    {
        var analysis = await CompletedAnalysisAsync();

        var start = await AskAsync(analysis, WhatIfQuestion);

        Assert.True(start.Status == 202, start.Body);
        var body = Json(start);
        var turn = body.GetProperty("id").GetString()!;
        Assert.NotEqual(analysis, turn);
        Assert.Equal(body.GetProperty("statusQueryGetUri").GetString(), start.Header("location"));
        Assert.EndsWith($"/api/analyses/{turn}", start.Header("location"), StringComparison.Ordinal);
        Assert.Equal($"{body.GetProperty("statusQueryGetUri").GetString()}/events", body.GetProperty("eventsUri").GetString());
        var status = await WaitForEndAsync(turn);
        var events = await EventsAsync(turn);
        var finals = AssertTurnEvents(events, turn, analysis);
        Assert.Equal(RuntimeStatuses.Completed, status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output");
        Assert.Equal(analysis, output.GetProperty("conversationId").GetString());
        Assert.Equal(WhatIfQuestion, output.GetProperty("question").GetString());
        Assert.Equal("offline", output.GetProperty("advice").GetProperty("model").GetString());
        Assert.Equal("xiaomei", output.GetProperty("advice").GetProperty("persona").GetString());
        Assert.Equal(finals, output.GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
        var call = Assert.Single(output.GetProperty("toolCalls").EnumerateArray());
        var toolCall = Assert.Single(events, e => Type(e) == "tool_call");
        var toolResult = Assert.Single(events, e => Type(e) == "tool_result");
        Assert.Equal("what_if", call.GetProperty("name").GetString());
        Assert.Equal(toolCall.GetProperty("toolCallId").GetString(), call.GetProperty("toolCallId").GetString());
        Assert.Equal([("VTI", -10.0), ("BND", 5.0)], toolCall.GetProperty("arguments").GetProperty("trades").EnumerateArray()
            .Select(t => (t.GetProperty("ticker").GetString()!, t.GetProperty("shares").GetDouble())));
        Assert.Equal(toolResult.GetProperty("result").GetRawText(), call.GetProperty("result").GetRawText());
        Assert.True(toolResult.GetProperty("durationMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task WhatIf_GivesTheRiskAndPerformanceOfAnAnalysisOfThePostTradePortfolio_FigureForFigure()
    {
        var analysis = await CompletedAnalysisAsync();
        var before = (await StatusAsync(analysis)).GetProperty("output");
        var turn = await AskRunAsync(analysis, WhatIfQuestion);
        await WaitForEndAsync(turn);
        var result = Assert.Single(await EventsAsync(turn), e => Type(e) == "tool_result").GetProperty("result");

        var traded = JsonNode.Parse(ExampleJson)!;
        foreach (var holding in traded["holdings"]!.AsArray())
        {
            var ticker = holding!["ticker"]!.GetValue<string>();
            holding["shares"] = holding["shares"]!.GetValue<double>() + ticker switch { "VTI" => -10, "BND" => 5, _ => 0 };
        }

        var after = await CompletedAnalysisAsync(traded.ToJsonString());
        var reference = (await StatusAsync(after)).GetProperty("output");

        Assert.Equal(before.GetProperty("asOf").GetString(), reference.GetProperty("asOf").GetString());
        Assert.Equal(reference.GetProperty("totalValue").GetDouble(), result.GetProperty("totalValue").GetDouble());
        Assert.Equal(
            reference.GetProperty("holdings").EnumerateArray().Select(h => (h.GetProperty("ticker").GetString(), h.GetProperty("shares").GetDouble(), h.GetProperty("weight").GetDouble())),
            result.GetProperty("holdings").EnumerateArray().Select(h => (h.GetProperty("ticker").GetString(), h.GetProperty("shares").GetDouble(), h.GetProperty("weight").GetDouble())));
        var compared = AssertSameFigures(reference.GetProperty("risk"), result.GetProperty("risk"), "risk")
            + AssertSameFigures(reference.GetProperty("performance"), result.GetProperty("performance"), "performance");
        foreach (var member in new[] { "annualizedVolatility", "maxDrawdown", "valueAtRisk95", "conditionalValueAtRisk95", "beta", "sharpeRatio", "herfindahlIndex", "largestWeight" })
        {
            Assert.True(result.GetProperty("risk").TryGetProperty(member, out _), $"risk.{member} missing");
        }

        foreach (var member in new[] { "totalReturn1Y", "totalReturn3Y", "cagr3Y", "totalReturnSinceStart", "cagrSinceStart", "benchmarkTotalReturn1Y" })
        {
            Assert.True(result.GetProperty("performance").TryGetProperty(member, out _), $"performance.{member} missing");
        }

        Assert.True(compared > 20, $"only {compared} figures compared");
        Assert.NotEqual(before.GetProperty("risk").GetProperty("annualizedVolatility").GetDouble(), result.GetProperty("risk").GetProperty("annualizedVolatility").GetDouble());
    }

    [Fact]
    public async Task Transcript_AfterTwoTurns_IsTheAdviceThenEachQuestionAndItsAnswer_InOrder()
    {
        var analysis = await CompletedAnalysisAsync();
        var advice = (await StatusAsync(analysis)).GetProperty("output").GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()!).ToArray();
        var first = await AskRunAsync(analysis, WhatIfQuestion);
        await WaitForEndAsync(first);
        var second = await AskRunAsync(analysis, "tell me about BND", persona: "analyst");
        var secondStatus = await WaitForEndAsync(second);

        var answer = await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages"));

        Assert.True(answer.Status == 200, answer.Body);
        var transcript = Json(answer);
        Assert.Equal(analysis, transcript.GetProperty("conversationId").GetString());
        var messages = transcript.GetProperty("messages").EnumerateArray().ToArray();
        var firstAnswer = FinalMessages(await EventsAsync(first));
        var secondAnswer = FinalMessages(await EventsAsync(second));
        var expected = advice.Select(c => ("assistant", c, analysis))
            .Append(("user", WhatIfQuestion, first)).Concat(firstAnswer.Select(m => ("assistant", m.Content, first)))
            .Append(("user", "tell me about BND", second)).Concat(secondAnswer.Select(m => ("assistant", m.Content, second)));
        Assert.Equal(expected, messages.Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!, m.GetProperty("turnId").GetString()!)));
        Assert.Equal(firstAnswer.Concat(secondAnswer).Select(m => m.MessageId),
            messages.Where(m => m.GetProperty("turnId").GetString() != analysis && m.GetProperty("role").GetString() == "assistant").Select(m => m.GetProperty("messageId").GetString()));
        Assert.All(messages.Where(m => m.GetProperty("role").GetString() == "user"), m => Assert.False(m.TryGetProperty("messageId", out _)));
        Assert.All(messages, m => Assert.False(m.TryGetProperty("partial", out _)));
        var times = messages.Select(m => m.GetProperty("ts").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);
        Assert.Equal("analyst", secondStatus.GetProperty("output").GetProperty("advice").GetProperty("persona").GetString());
        Assert.Equal(secondAnswer.Select(m => m.Content), secondStatus.GetProperty("output").GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()!));
    }

    [Theory]
    [InlineData("{\"content\":\"\"}", "content")]
    [InlineData("{\"content\":\"   \"}", "content")]
    [InlineData("{\"persona\":\"analyst\"}", "content")]
    [InlineData("{\"content\":\"why \\u0007 sell?\"}", "content")]
    [InlineData("{\"content\":\"why sell VTI?\",\"persona\":\"pirate\"}", "persona")]
    [InlineData("{\"content\":\"why sell VTI?\",\"language\":\"not a tag!\"}", "language")]
    [InlineData("{\"content\":", "body")]
    [InlineData("LONG", "content")]
    public async Task BadQuestion_Answers400NamingTheField_AndTheConversationGoesOn(string body, string field)
    {
        var analysis = await CompletedAnalysisAsync();
        if (body == "LONG")
        {
            body = JsonSerializer.Serialize(new { content = new string('a', 4001) });
        }

        var refused = await SendAsync(new ContractRequest("POST", $"/api/analyses/{analysis}/messages") { ContentType = "application/json", Body = Encoding.UTF8.GetBytes(body) });
        var problem = AssertProblem(refused, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), refused.Body);

        var turn = await AskRunAsync(analysis, WhatIfQuestion);
        Assert.Equal(RuntimeStatuses.Completed, (await WaitForEndAsync(turn)).GetProperty("runtimeStatus").GetString());
        var transcript = Json(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages")));
        Assert.Equal([WhatIfQuestion], transcript.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Question_Of4000Characters_IsAccepted_And_415And413AreAnsweredAsForAnalyses()
    {
        var analysis = await CompletedAnalysisAsync();

        var longest = await AskAsync(analysis, new string('a', 4000));
        var xml = await SendAsync(new ContractRequest("POST", $"/api/analyses/{analysis}/messages") { ContentType = "application/xml", Body = "<content/>"u8.ToArray() });

        Assert.True(longest.Status == 202, longest.Body);
        await WaitForEndAsync(Json(longest).GetProperty("id").GetString()!);
        AssertProblem(xml, 415);
        var huge = await AskAsync(analysis, "hi", extra: new string('a', 1024 * 1024));
        AssertProblem(huge, 413);
    }

    [Fact]
    public async Task AnotherUser_Gets404_ForTheMessagesRoutes_AsForNoSuchAnalysisOrATurnsId()
    {
        var analysis = await CompletedAnalysisAsync();
        var turn = await AskRunAsync(analysis, WhatIfQuestion);
        await WaitForEndAsync(turn);

        var answers = new[]
        {
            await AskAsync(analysis, WhatIfQuestion, user: "mallory"),
            await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages") { User = "mallory" }),
            await SendAsync(new ContractRequest("GET", $"/api/analyses/{turn}") { User = "mallory" }),
            await SendAsync(new ContractRequest("GET", $"/api/analyses/{turn}/events") { User = "mallory" }),
            await AskAsync("no-such-analysis", WhatIfQuestion),
            await SendAsync(new ContractRequest("GET", "/api/analyses/no-such-analysis/messages")),
            await AskAsync(turn, WhatIfQuestion),
        };

        Assert.All(answers, a => AssertProblem(a, 404));
        var transcript = Json(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages")));
        Assert.Single(transcript.GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "user");
    }

    [Fact]
    public async Task MessagesRoutes_Answer401_When_NoCallerIsNamed()
    {
        var analysis = await CompletedAnalysisAsync();

        AssertProblem(await AskAsync(analysis, WhatIfQuestion, user: null), 401);
        AssertProblem(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages") { User = null }), 401);
    }

    [Fact]
    public async Task Question_Answers409WithNoRunningTurn_When_TheAnalysisWasTerminated()
    {
        var start = await SendAsync(new ContractRequest("POST", "/api/analyses") { ContentType = "application/json", Body = Encoding.UTF8.GetBytes(ExampleJson) });
        var analysis = Json(start).GetProperty("id").GetString()!;
        await SendAsync(new ContractRequest("POST", $"/api/analyses/{analysis}/terminate"));
        var status = await WaitForEndAsync(analysis);

        var answer = await AskAsync(analysis, WhatIfQuestion);

        if (status.GetProperty("runtimeStatus").GetString() == RuntimeStatuses.Terminated)
        {
            Assert.Equal(JsonValueKind.Null, AssertProblem(answer, 409).GetProperty("runningTurnId").ValueKind);
            Assert.DoesNotContain(Json(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages"))).GetProperty("messages").EnumerateArray(),
                m => m.GetProperty("role").GetString() == "user");
        }
        else
        {
            // The analysis completed before the terminate reached it: a completed analysis takes questions.
            Assert.True(answer.Status == 202, answer.Body);
            await WaitForEndAsync(Json(answer).GetProperty("id").GetString()!);
        }
    }

    [Fact]
    public async Task WhatIf_SellingMoreThanIsHeld_GivesAToolResultWithAnError_AndTheTurnCompletes()
    {
        var analysis = await CompletedAnalysisAsync();

        var turn = await AskRunAsync(analysis, "what if I sell 500 VTI");
        var status = await WaitForEndAsync(turn);

        var events = await EventsAsync(turn);
        AssertTurnEvents(events, turn, analysis);
        var result = Assert.Single(events, e => Type(e) == "tool_result");
        Assert.False(result.TryGetProperty("result", out var value) && value.ValueKind != JsonValueKind.Null, result.GetRawText());
        Assert.Contains("120", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(RuntimeStatuses.Completed, status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(result.GetProperty("error").GetString(), Assert.Single(status.GetProperty("output").GetProperty("toolCalls").EnumerateArray()).GetProperty("error").GetString());
    }

    /// <summary>
    /// The turn's events obey the contract: seq 1..n; <c>run_started</c> (<c>kind: "turn"</c>, <c>nodes: ["advisor"]</c>,
    /// the conversation id), <c>node_started advisor</c>; each <c>tool_call</c> before its <c>tool_result</c>, both
    /// before any text; typing around the text; each message its deltas; <c>node_completed advisor</c> (100 %) then
    /// <c>run_completed</c>, last. Returns the final messages.
    /// </summary>
    public static IReadOnlyList<string> AssertTurnEvents(JsonElement[] events, string turnId, string conversationId)
    {
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(events, e => Assert.Equal(turnId, e.GetProperty("runId").GetString()));
        var types = events.Select(Type).ToArray();
        Assert.Equal(["run_started", "node_started"], types[..2]);
        Assert.Equal("turn", events[0].GetProperty("kind").GetString());
        Assert.Equal(["advisor"], events[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(conversationId, events[0].GetProperty("conversationId").GetString());
        Assert.Equal("advisor", events[1].GetProperty("node").GetString());
        Assert.Equal(["node_completed", "run_completed"], types[^2..]);
        Assert.Equal(100, events[^2].GetProperty("percent").GetInt32());
        var firstText = Array.FindIndex(types, t => t is "token" or "message");
        Assert.True(firstText > 0, "no text");
        foreach (var call in events.Where(e => Type(e) == "tool_call"))
        {
            var at = Array.IndexOf(events, call);
            var result = Array.FindIndex(events, e => Type(e) == "tool_result" && e.GetProperty("toolCallId").GetString() == call.GetProperty("toolCallId").GetString());
            Assert.True(at < result && result < firstText, $"tool_call at {at}, tool_result at {result}, first text at {firstText}");
            Assert.Equal(JsonValueKind.Object, call.GetProperty("arguments").ValueKind);
        }

        Assert.Contains(events, e => Type(e) == "typing" && e.GetProperty("typing").GetBoolean());
        var deltas = new Dictionary<string, StringBuilder>();
        foreach (var e in events.Where(e => Type(e) == "token"))
        {
            Assert.True(e.GetProperty("streaming").GetBoolean() && !e.GetProperty("final").GetBoolean());
            var id = e.GetProperty("messageId").GetString()!;
            (deltas.TryGetValue(id, out var text) ? text : deltas[id] = new StringBuilder()).Append(e.GetProperty("delta").GetString());
        }

        var finals = FinalMessages(events);
        Assert.NotEmpty(finals);
        Assert.All(finals, m => Assert.Equal(deltas[m.MessageId].ToString(), m.Content));
        return [.. finals.Select(m => m.Content)];
    }

    /// <summary>Asserts every number of <paramref name="actual"/> (recursively) equals the same member of <paramref name="expected"/>; returns how many were compared.</summary>
    protected static int AssertSameFigures(JsonElement expected, JsonElement actual, string path)
    {
        switch (actual.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var member in actual.EnumerateObject())
                {
                    Assert.True(expected.TryGetProperty(member.Name, out var other), $"{path}.{member.Name} is not in the analysis");
                    count += AssertSameFigures(other, member.Value, $"{path}.{member.Name}");
                }

                return count;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                return actual.EnumerateArray().Zip(expected.EnumerateArray()).Select((p, i) => AssertSameFigures(p.Second, p.First, $"{path}[{i}]")).Sum();
            case JsonValueKind.Number:
                var (a, e) = (actual.GetDouble(), expected.GetDouble());
                Assert.True(Math.Abs(a - e) <= 1e-12 * Math.Max(1, Math.Abs(e)), $"{path}: {a.ToString("R", CultureInfo.InvariantCulture)} instead of {e.ToString("R", CultureInfo.InvariantCulture)}");
                return 1;
            default:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                return 0;
        }
    }

    /// <summary>Starts an analysis of <paramref name="portfolio"/> (the example by default), waits for it to complete, and returns its id.</summary>
    protected async Task<string> CompletedAnalysisAsync(string? portfolio = null)
    {
        var start = await SendAsync(new ContractRequest("POST", "/api/analyses") { ContentType = "application/json", Body = Encoding.UTF8.GetBytes(portfolio ?? ExampleJson) });
        Assert.True(start.Status == 202, start.Body);
        var id = Json(start).GetProperty("id").GetString()!;
        Assert.Equal(RuntimeStatuses.Completed, (await WaitForEndAsync(id)).GetProperty("runtimeStatus").GetString());
        return id;
    }

    /// <summary>POSTs <paramref name="content"/> as a question to <paramref name="analysis"/>.</summary>
    protected Task<ContractResponse> AskAsync(string analysis, string content, string? persona = null, string? user = "alice", string query = "", string? extra = null)
    {
        var body = new Dictionary<string, string> { ["content"] = content };
        if (persona is not null)
        {
            body["persona"] = persona;
        }

        if (extra is not null)
        {
            body["padding"] = extra;
        }

        return SendAsync(new ContractRequest("POST", $"/api/analyses/{analysis}/messages{query}")
        {
            User = user,
            ContentType = "application/json",
            Body = JsonSerializer.SerializeToUtf8Bytes(body),
        });
    }

    /// <summary>Asks (asserting 202) and returns the turn's id.</summary>
    protected async Task<string> AskRunAsync(string analysis, string content, string? persona = null)
    {
        var start = await AskAsync(analysis, content, persona);
        Assert.True(start.Status == 202, start.Body);
        return Json(start).GetProperty("id").GetString()!;
    }

    /// <summary>Reads the run's SSE stream to its end (after the terminal event), then answers its status.</summary>
    protected async Task<JsonElement> WaitForEndAsync(string id)
    {
        var stream = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events") { Headers = new Dictionary<string, string> { ["Accept"] = "text/event-stream" } });
        Assert.Equal(200, stream.Status);
        return await StatusAsync(id);
    }

    /// <summary>The run's status body.</summary>
    protected async Task<JsonElement> StatusAsync(string id)
    {
        var status = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}"));
        Assert.True(status.Status == 200, status.Body);
        return Json(status);
    }

    /// <summary>The run's events as JSON.</summary>
    protected async Task<JsonElement[]> EventsAsync(string id)
    {
        var answer = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events"));
        Assert.True(answer.Status == 200, answer.Body);
        return [.. Json(answer).EnumerateArray()];
    }

    /// <summary>Asserts <paramref name="answer"/> is problem details of <paramref name="status"/> with the table's type.</summary>
    protected static JsonElement AssertProblem(ContractResponse answer, int status)
    {
        Assert.True(answer.Status == status, $"{answer.Status} instead of {status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        var problem = Json(answer);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(ApiProblems.Of(status).Type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The final messages of <paramref name="events"/> in seq order.</summary>
    public static IReadOnlyList<(string MessageId, string Content)> FinalMessages(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => Type(e) == "message").Select(e => (e.GetProperty("messageId").GetString()!, e.GetProperty("content").GetString()!))];

    /// <summary>The body as JSON.</summary>
    protected static JsonElement Json(ContractResponse answer) => JsonDocument.Parse(answer.Body).RootElement.Clone();

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;
}
