using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

public sealed class AgUiTranslatorTests
{
    private const string Run = "run1";
    private static readonly DateTime At = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static List<StoredEvent> Log(params RunEvent[] events) =>
        events.Select((e, i) => new StoredEvent(Run, i + 1, e.Type, EventJson.Serialize(e with { RunId = Run, Seq = i + 1, Ts = At }))).ToList();

    private static List<JsonObject> Translate(IEnumerable<StoredEvent> log, JsonNode? state = null)
    {
        var translator = new AgUiTranslator("thread1", "client-run");
        return log.SelectMany(e => translator.Translate(e, e.Type == EventTypes.RunCompleted ? state : null)).ToList();
    }

    private static string[] Types(IEnumerable<JsonObject> events) => events.Select(e => (string)e["type"]!).ToArray();

    [Fact]
    public void AnAnalysis_MapsToRunStepsTextAndStateSnapshot_InOrder()
    {
        var log = Log(
            new RunStarted(["risk"]) { RunId = Run },
            new NodeStarted("risk") { RunId = Run },
            new TypingChanged("xiaomei", true) { RunId = Run },
            new TokenStreamed("xiaomei", "m1", "Hel") { RunId = Run },
            new TokenStreamed("xiaomei", "m1", "lo") { RunId = Run },
            new MessageCompleted("xiaomei", "m1", "Hello") { RunId = Run },
            new NodeCompleted("risk", 12, 100, new Dictionary<string, object?>()) { RunId = Run },
            new RunCompleted { RunId = Run });

        var events = Translate(log, new JsonObject { ["output"] = 1 });

        Assert.Equal(
            ["RUN_STARTED", "STEP_STARTED", "CUSTOM", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "STEP_FINISHED", "STATE_SNAPSHOT", "RUN_FINISHED"],
            Types(events));
        Assert.Equal("thread1", (string)events[0]["threadId"]!);
        Assert.Equal("client-run", (string)events[0]["runId"]!);
        Assert.Equal(new DateTimeOffset(At).ToUnixTimeMilliseconds(), (long)events[0]["timestamp"]!);
        Assert.Equal("risk", (string)events[1]["stepName"]!);
        Assert.Equal("typing", (string)events[2]["name"]!);
        Assert.True((bool)events[2]["value"]!["typing"]!);
        Assert.Equal("assistant", (string)events[3]["role"]!);
        Assert.Equal("Hello", string.Concat(events.Where(e => (string)e["type"]! == "TEXT_MESSAGE_CONTENT").Select(e => (string)e["delta"]!)));
        Assert.Equal(1, (int)events[8]["snapshot"]!["output"]!);
        Assert.Equal(Run, (string)events[^1]["result"]!["runId"]!);
    }

    [Fact]
    public void AToolCall_IsStartArgsEnd_ThenResult_AndAMessageWithoutTokensIsSentWhole()
    {
        var arguments = JsonDocument.Parse("""{"trades":[{"ticker":"VTI","shares":-20}]}""").RootElement;
        var result = JsonDocument.Parse("""{"after":{"beta":0.9}}""").RootElement;
        var log = Log(
            new RunStarted(["advisor"], RunKinds.Turn, "a1") { RunId = Run },
            new ToolCalled("xiaomei", "c1", "what_if", arguments) { RunId = Run },
            new ToolResultReturned("xiaomei", "c1", "what_if", result, null, 3) { RunId = Run },
            new ToolCalled("xiaomei", "c2", "holding_details", arguments) { RunId = Run },
            new ToolResultReturned("xiaomei", "c2", "holding_details", null, "Unknown ticker.", 1) { RunId = Run },
            new MessageCompleted("xiaomei", "m1", "Selling 20 VTI lowers beta.") { RunId = Run },
            new RunCompleted { RunId = Run });

        var events = Translate(log);

        Assert.Equal(
            ["RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "TOOL_CALL_RESULT",
             "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "RUN_FINISHED"],
            Types(events));
        Assert.Equal("what_if", (string)events[1]["toolCallName"]!);
        Assert.Equal(arguments.GetRawText(), JsonNode.Parse((string)events[2]["delta"]!)!.ToJsonString());
        Assert.Equal("c1", (string)events[4]["toolCallId"]!);
        Assert.Equal("tool", (string)events[4]["role"]!);
        Assert.Equal(0.9, (double)JsonNode.Parse((string)events[4]["content"]!)!["after"]!["beta"]!);
        Assert.Equal("Unknown ticker.", (string)JsonNode.Parse((string)events[8]["content"]!)!["error"]!);
        Assert.Equal("Selling 20 VTI lowers beta.", (string)events[10]["delta"]!);
        Assert.DoesNotContain(events, e => e.ContainsKey("snapshot"));
    }

    [Fact]
    public void ADiscardedPartialMessage_IsClosed_AndAnnounced_AndTheRetryIsANewMessage()
    {
        var log = Log(
            new RunStarted(["advisor"]) { RunId = Run },
            new NodeStarted("advisor") { RunId = Run },
            new TokenStreamed("xiaomei", "m1", "Half a sen") { RunId = Run },
            new ErrorRaised("model_stalled", "The model stalled; retrying.", true, "advisor", "m1") { RunId = Run },
            new TokenStreamed("xiaomei", "m2", "Whole.") { RunId = Run },
            new MessageCompleted("xiaomei", "m2", "Whole.") { RunId = Run },
            new ErrorRaised("market_data_stale", "Prices are a day old.", false, "risk") { RunId = Run },
            new NodeCompleted("advisor", 5, 100, new Dictionary<string, object?>()) { RunId = Run },
            new RunCompleted { RunId = Run });

        var events = Translate(log);

        Assert.Equal(
            ["RUN_STARTED", "STEP_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "CUSTOM",
             "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "CUSTOM", "STEP_FINISHED", "RUN_FINISHED"],
            Types(events));
        Assert.Equal("m1", (string)events[4]["messageId"]!);
        Assert.Equal(AgUiTranslator.MessageDiscardedEvent, (string)events[5]["name"]!);
        Assert.Equal("m1", (string)events[5]["value"]!["messageId"]!);
        Assert.Equal("m2", (string)events[6]["messageId"]!);
        Assert.Equal(AgUiTranslator.ErrorEvent, (string)events[9]["name"]!);
        Assert.False((bool)events[9]["value"]!["retryable"]!);
        Assert.Equal("risk", (string)events[9]["value"]!["node"]!);
    }

    [Fact]
    public void ATerminatedRun_ClosesWhatIsOpen_AndFinishesCancelled_AndNothingFollows()
    {
        var log = Log(
            new RunStarted(["advisor"]) { RunId = Run },
            new NodeStarted("advisor") { RunId = Run },
            new TokenStreamed("xiaomei", "m1", "Part") { RunId = Run },
            new RunTerminated("Terminated by the user.") { RunId = Run },
            new TokenStreamed("xiaomei", "m1", "late") { RunId = Run });

        var events = Translate(log);

        Assert.Equal(["RUN_STARTED", "STEP_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END", "STEP_FINISHED", "RUN_FINISHED"], Types(events));
        Assert.Equal("cancelled", (string)events[^1]["outcome"]!["type"]!);
        Assert.Equal("Terminated by the user.", (string)events[^1]["result"]!["reason"]!);
    }

    [Fact]
    public void AFailedRun_IsRunError_WithItsCode_AndNoNullIsWritten()
    {
        var log = Log(
            new RunStarted(["convert"]) { RunId = Run },
            new NodeStarted("convert") { RunId = Run },
            new RunFailed("convert_failed", "The holdings could not be priced.") { RunId = Run });

        var events = Translate(log);

        Assert.Equal(["RUN_STARTED", "STEP_STARTED", "RUN_ERROR"], Types(events));
        Assert.Equal("convert_failed", (string)events[^1]["code"]!);
        Assert.Equal("The holdings could not be priced.", (string)events[^1]["message"]!);
        Assert.DoesNotContain(events.SelectMany(e => e), member => member.Value is null);
    }

    [Fact]
    public void TheThreadsAnalysisId_IsDerived_TheSameEachTime_AndDiffersPerThread()
    {
        Assert.Equal(AgUiInput.AnalysisIdOf("t1"), AgUiInput.AnalysisIdOf("t1"));
        Assert.NotEqual(AgUiInput.AnalysisIdOf("t1"), AgUiInput.AnalysisIdOf("t2"));
        Assert.Matches("^[0-9a-f]{32}$", AgUiInput.AnalysisIdOf("t1"));
    }

    [Fact]
    public void TheInput_NamesEveryBadField_AndReadsTheLastUserMessage()
    {
        var invalid = Assert.Throws<PortfolioAdvisor.Portfolio.PortfolioValidationException>(() => AgUiInput.Parse("""{"messages":"no"}"""u8));
        Assert.Equal(["messages", "runId", "threadId"], invalid.Errors.Keys.Order(StringComparer.Ordinal));

        var input = AgUiInput.Parse("""
            {"threadId":"t","runId":"r","messages":[{"id":"1","role":"user","content":"first"},{"id":"2","role":"assistant","content":"x"},
             {"id":"3","role":"user","content":[{"type":"text","text":"what if "},{"type":"text","text":"I sell 1 VTI"}]}],"state":{"holdings":[{"ticker":"VTI","shares":1}]}}
            """u8);
        Assert.Equal("what if I sell 1 VTI", input.LastUserText);
        Assert.Equal("""[{"ticker":"VTI","shares":1}]""", input.StateHoldingsJson);
    }
}
