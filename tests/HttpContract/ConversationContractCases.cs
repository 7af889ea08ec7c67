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
public abstract partial class ConversationContractCases
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
        var problem = ProblemAssert.Is(refused, 400);
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
        ProblemAssert.Is(xml, 415);
        var huge = await AskAsync(analysis, "hi", extra: new string('a', 1024 * 1024));
        ProblemAssert.Is(huge, 413);
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

        Assert.All(answers, a => ProblemAssert.Is(a, 404));
        var transcript = Json(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages")));
        Assert.Single(transcript.GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "user");
    }

    [Fact]
    public async Task MessagesRoutes_Answer401_When_NoCallerIsNamed()
    {
        var analysis = await CompletedAnalysisAsync();

        ProblemAssert.Is(await AskAsync(analysis, WhatIfQuestion, user: null), 401);
        ProblemAssert.Is(await SendAsync(new ContractRequest("GET", $"/api/analyses/{analysis}/messages") { User = null }), 401);
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
            Assert.Equal(JsonValueKind.Null, ProblemAssert.Is(answer, 409).GetProperty("runningTurnId").ValueKind);
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
}
