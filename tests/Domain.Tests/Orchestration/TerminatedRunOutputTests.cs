using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Analytics;

namespace PortfolioAdvisor.Tests.Orchestration;

/// <summary>The Azure host's output of a terminated run: the recomputed analysis and the advice the log shows.</summary>
public sealed class TerminatedRunOutputTests
{
    private const string RunId = "run-t";
    private static readonly AnalysisInput Input = new(new RunContext(RunId, "alice"),
        new AnalysisRequest([new HoldingInput("VTI", 10), new HoldingInput("BND", 20)], "xiaomei", "balanced", "en"));

    private readonly List<StoredEvent> events = [];
    private readonly TerminatedRunOutput output = new(TestMarkets.Bundled);

    [Fact]
    public void Rebuild_IsNull_When_TheRunStoppedBeforeRecommendationsCompleted()
    {
        Log(new NodeCompleted(AnalysisNodes.Convert, 3, 20, new Dictionary<string, object?>()) { RunId = RunId });
        Log(new NodeStarted(AnalysisNodes.Recommendations) { RunId = RunId });
        Log(new RunTerminated("stop") { RunId = RunId });

        Assert.Null(output.Rebuild(Input, events, "configured-model"));
    }

    [Fact]
    public void Rebuild_KeepsWhatWasWritten_MarkedPartial_When_TheAdvisorWasCutShort()
    {
        LogAnalysisNodes();
        Log(new TokenStreamed("xiaomei", "m0", "Hello") { RunId = RunId });
        Log(new MessageCompleted("xiaomei", "m0", "Hello there.") { RunId = RunId });
        Log(new TokenStreamed("xiaomei", "m1", "Drop") { RunId = RunId });
        Log(new ErrorRaised("model_stream_interrupted", "cut", Retryable: true, AnalysisNodes.Advisor, "m1") { RunId = RunId });
        Log(new TokenStreamed("xiaomei", "m2", "Half ") { RunId = RunId });
        Log(new TokenStreamed("xiaomei", "m2", "written") { RunId = RunId });
        Log(new RunTerminated("stop") { RunId = RunId });

        var rebuilt = output.Rebuild(Input, events, "configured-model")!;

        Assert.Equal(["Hello there.", "Half written"], rebuilt.Advice.Messages);
        Assert.True(rebuilt.Advice.Partial);
        Assert.Equal("configured-model", rebuilt.Advice.Model);
        Assert.Equal("xiaomei", rebuilt.Advice.Persona);
        Assert.Equal(["BND", "VTI"], rebuilt.Holdings.Select(h => h.Ticker).Order());
        Assert.Equal(rebuilt.Holdings.Sum(h => h.MarketValue), rebuilt.TotalValue, 6);
        Assert.NotEmpty(rebuilt.Allocation);
    }

    [Fact]
    public void Rebuild_IsTheWholeReply_FromTheModelTheAdvisorNamed_When_TheAdvisorHadCompleted()
    {
        LogAnalysisNodes();
        Log(new MessageCompleted("xiaomei", "m0", "All done.") { RunId = RunId });
        Log(new NodeCompleted(AnalysisNodes.Advisor, 900, 100, new Dictionary<string, object?> { ["model"] = "gpt-test", ["messages"] = 1 }) { RunId = RunId });
        Log(new RunTerminated("stop") { RunId = RunId });

        var rebuilt = output.Rebuild(Input, events, "configured-model")!;

        Assert.False(rebuilt.Advice.Partial);
        Assert.Equal("gpt-test", rebuilt.Advice.Model);
        Assert.Equal(["All done."], rebuilt.Advice.Messages);
    }

    private void LogAnalysisNodes()
    {
        foreach (var (node, percent) in new[] { (AnalysisNodes.Convert, 20), (AnalysisNodes.Risk, 40), (AnalysisNodes.Performance, 60), (AnalysisNodes.Recommendations, 80) })
        {
            Log(new NodeStarted(node) { RunId = RunId });
            Log(new NodeCompleted(node, 2, percent, new Dictionary<string, object?>()) { RunId = RunId });
        }

        Log(new NodeStarted(AnalysisNodes.Advisor) { RunId = RunId });
    }

    private void Log(RunEvent runEvent)
    {
        var stamped = runEvent with { Seq = events.Count + 1 };
        events.Add(new StoredEvent(RunId, stamped.Seq, stamped.Type, EventJson.Serialize(stamped)));
    }
}
