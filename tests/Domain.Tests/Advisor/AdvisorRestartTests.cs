using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class AdvisorRestartTests
{
    private static Task Prefill(AdvisorHarness harness, string runId, params RunEvent[] events) =>
        harness.Log.AppendAsync(runId, [.. events.Select(e => new EventDraft(e))]);

    [Fact]
    public async Task WriteReplyAsync_DiscardsThePartialAndContinuesUnderNewIds_WhenAnEarlierAttemptLeftAPartialMessage()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new AdvisorHarness();
        await Prefill(harness, "run-r",
            new TypingChanged("analyst", true) { RunId = "run-r" },
            new TokenStreamed("analyst", "run-r-a1-m0", "Hello! I have") { RunId = "run-r" });

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-r"));

        var events = harness.Events("run-r");
        var error = events[2];
        Assert.Equal((EventTypes.Error, StreamingAdvisor.InterruptedCode, true, "run-r-a1-m0", AnalysisNodes.Advisor),
            (error.Type, error.Code, error.Retryable, error.MessageId, error.Node));
        var message = Assert.Single(events, e => e.Type == EventTypes.Message);
        Assert.Equal("run-r-a2-m0", message.MessageId);
        Assert.Equal(ModelServerOptions.DefaultReply, Assert.Single(result.Messages));
        Assert.DoesNotContain(events.Skip(3), e => e.MessageId == "run-r-a1-m0");
    }

    [Fact]
    public async Task WriteReplyAsync_KeepsFinalMessagesAndTellsTheModelWhatWasSaid_WhenXiaomeiRestartsMidReply()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new AdvisorHarness();
        const string said = "Hi! Your portfolio is worth $123,457.";
        await Prefill(harness, "run-m",
            new TypingChanged("xiaomei", true) { RunId = "run-m" },
            new TokenStreamed("xiaomei", "run-m-a1-m0", said) { RunId = "run-m" },
            new MessageCompleted("xiaomei", "run-m-a1-m0", said) { RunId = "run-m" },
            new TypingChanged("xiaomei", false) { RunId = "run-m" },
            new TypingChanged("xiaomei", true) { RunId = "run-m" },
            new TokenStreamed("xiaomei", "run-m-a1-m1", "Your biggest") { RunId = "run-m" });

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-m", "xiaomei"));

        Assert.Equal(said, result.Messages[0]);
        Assert.Equal(ModelServerOptions.DefaultReply.Split("\n\n"), result.Messages.Skip(1));
        var events = harness.Events("run-m");
        Assert.Single(events, e => e.Type == EventTypes.Message && e.MessageId == "run-m-a1-m0");
        Assert.Single(events, e => e.Type == EventTypes.Error && e.MessageId == "run-m-a1-m1");
        Assert.Equal("run-m-a2-m1", events.First(e => e.Type == EventTypes.Message && e.Seq > 6).MessageId);
        var request = Assert.Single(server.Requests);
        Assert.Contains(request.Messages, m => m.Role == "assistant" && m.Content == said);
    }

    [Fact]
    public async Task WriteReplyAsync_ReturnsTheLoggedReplyWithoutCallingTheModel_WhenTheAdvisorNodeAlreadyCompleted()
    {
        await using var server = await ModelServerHost.StartAsync();
        var harness = new AdvisorHarness();
        await Prefill(harness, "run-d",
            new MessageCompleted("analyst", "run-d-a1-m0", "All done.") { RunId = "run-d" },
            new NodeCompleted(AnalysisNodes.Advisor, 10, 0, new Dictionary<string, object?> { ["model"] = "gpt-test" }) { RunId = "run-d" });

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-d"));

        Assert.Equal(new AdviceResult("analyst", "gpt-test", ["All done."]), result with { Messages = [.. result.Messages] }, new AdviceComparer());
        Assert.Empty(server.Requests);
        Assert.Equal(2, harness.Events("run-d").Count);
    }

    private sealed class AdviceComparer : IEqualityComparer<AdviceResult>
    {
        public bool Equals(AdviceResult? x, AdviceResult? y) =>
            x is not null && y is not null && x.Persona == y.Persona && x.Model == y.Model && x.Messages.SequenceEqual(y.Messages) && x.Partial == y.Partial;

        public int GetHashCode(AdviceResult obj) => obj.Persona.GetHashCode(StringComparison.Ordinal);
    }
}
