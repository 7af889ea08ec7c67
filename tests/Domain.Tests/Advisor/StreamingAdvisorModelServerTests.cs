using System.Diagnostics;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class StreamingAdvisorModelServerTests
{
    private static readonly string[] Paragraphs = ModelServerOptions.DefaultReply.Split("\n\n");

    [Fact]
    public async Task WriteReplyAsync_StreamsOneMessageEqualToItsTokens_WhenAnalystUsesTheModelServer()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 400 });
        var harness = new AdvisorHarness();

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-a"));

        var events = harness.Events("run-a");
        Assert.Equal("analyst", result.Persona);
        Assert.Equal("test-model", result.Model);
        Assert.Equal([ModelServerOptions.DefaultReply], result.Messages);
        Assert.True(events.Count(e => e.Type == EventTypes.Token) > 10);
        Assert.Equal(EventTypes.Typing, events[0].Type);
        Assert.True(events[0].Typing);
        Assert.Equal(EventTypes.Typing, events[^1].Type);
        Assert.False(events[^1].Typing);
        Assert.Equal("run-a-a1-m0", Assert.Single(events, e => e.Type == EventTypes.Message).MessageId);
        StreamAssert.MessagesMatchTheirTokens(events);
        Assert.Equal(events.Count, harness.Publisher.Published.Count);
    }

    [Fact]
    public async Task WriteReplyAsync_WritesOneMessagePerParagraph_WhenXiaomeiAndBlankLinesFallInsideTokens()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, ChunkCharacters = 7 });
        var harness = new AdvisorHarness();

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-x", "xiaomei"));

        var events = harness.Events("run-x");
        Assert.Equal(Paragraphs, result.Messages);
        Assert.Equal(
            Enumerable.Range(0, Paragraphs.Length).Select(i => $"run-x-a1-m{i}"),
            events.Where(e => e.Type == EventTypes.Message).Select(e => e.MessageId));
        Assert.Equal(Paragraphs.Length * 2, events.Count(e => e.Type == EventTypes.Typing));
        StreamAssert.MessagesMatchTheirTokens(events);
    }

    [Fact]
    public async Task WriteReplyAsync_SendsTheFiguresPersonaAndLanguage_WhenCallingTheModel()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new AdvisorHarness();

        await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-f", "xiaomei", "zh-CN"));

        var request = Assert.Single(server.Requests);
        Assert.True(request.Stream);
        var system = Assert.Single(request.Messages, m => m.Role == "system").Content;
        Assert.Contains("Xiaomei", system, StringComparison.Ordinal);
        Assert.Contains("'zh-CN'", system, StringComparison.Ordinal);
        Assert.Contains("blank line", system, StringComparison.Ordinal);
        Assert.Contains("do not invent", system, StringComparison.Ordinal);
        var facts = Assert.Single(request.Messages, m => m.Role == "user").Content;
        foreach (var figure in new[] { "$123,457", "QQQ", "72.9%", "18.3%", "-27.1%", "1.9%", "0.87", "+21.4%", "+17.7%", "Trim your largest position", "sell 41 QQQ ($24,600)" })
        {
            Assert.Contains(figure, facts, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("low")]
    [InlineData(null)]
    public async Task WriteReplyAsync_SendsReasoningEffort_OnlyWhenConfigured(string? effort)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var harness = new AdvisorHarness();
        harness.Options.ReasoningEffort = effort;

        await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-r"));

        var body = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(server.Requests).Body)!.AsObject();
        Assert.Equal(effort, body["reasoning_effort"]?.GetValue<string>());
        Assert.Equal(harness.Options.MaxOutputTokens, body["max_completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task WriteReplyAsync_SendsFewerFramesThanModelDeltas_WhenCoalescing()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions
        {
            TokensPerSecond = 200,
            ChunkCharacters = 2,
        });
        var harness = new AdvisorHarness();
        harness.Streaming.CoalesceMilliseconds = 60;

        var result = await harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-c"));

        var events = harness.Events("run-c");
        var frames = events.Count(e => e.Type == EventTypes.Token);
        var deltas = Assert.Single(server.Requests).TokensSent;
        Assert.True(frames < deltas / 3, $"{frames} frames for {deltas} deltas");
        Assert.Equal(ModelServerOptions.DefaultReply, Assert.Single(result.Messages));
        StreamAssert.MessagesMatchTheirTokens(events);
    }

    [Fact]
    public async Task WriteReplyAsync_ThrowsRunClosedAndAbortsTheModelRequest_WhenTheRunIsTerminatedMidStream()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 20 });
        var harness = new AdvisorHarness();
        var tokens = 0;
        harness.Log.Appended += stored =>
        {
            if (stored.Type == EventTypes.Token && Interlocked.Increment(ref tokens) == 3)
            {
                harness.Log.AppendAsync(stored.RunId, [new EventDraft(new RunTerminated("user asked") { RunId = stored.RunId })]).GetAwaiter().GetResult();
            }
        };
        var advisor = harness.ForServer(server);

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<RunClosedException>(() => advisor.WriteReplyAsync(AdvisorSamples.Input("run-t")));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
        await StreamAssert.AbortedAsync(Assert.Single(server.Requests));
        Assert.Equal(EventTypes.RunTerminated, harness.Events("run-t")[^1].Type);
    }

    [Fact]
    public async Task WriteReplyAsync_ThrowsAndAbortsTheModelRequest_WhenCancelled()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 20 });
        var harness = new AdvisorHarness();
        using var cancel = new CancellationTokenSource();
        harness.Log.Appended += stored =>
        {
            if (stored.Type == EventTypes.Token)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ForServer(server).WriteReplyAsync(AdvisorSamples.Input("run-k"), cancel.Token));

        await StreamAssert.AbortedAsync(Assert.Single(server.Requests));
    }

    [Theory]
    [InlineData("fault:stall")]
    [InlineData("fault:slow-first-token")]
    public async Task WriteReplyAsync_StopsWithinASecond_WhenTheRunIsTerminatedWhileTheModelIsSilent(string model)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions
        {
            TokensPerSecond = 0,
            TokensBeforeFault = 3,
            FirstTokenDelay = TimeSpan.FromSeconds(20),
        });
        var harness = new AdvisorHarness();
        harness.Options.StallTimeoutSeconds = 30;
        harness.Options.FirstTokenTimeoutSeconds = 30;
        harness.Options.OpenTimeoutSeconds = 60;
        var reply = harness.ForServer(server, model).WriteReplyAsync(AdvisorSamples.Input("run-q"));
        await StreamAssert.EventuallyAsync(() => server.Requests.Count == 1);
        await Task.Delay(300);

        await harness.Log.AppendAsync("run-q", [new EventDraft(new RunTerminated("user asked") { RunId = "run-q" })]);
        var terminatedAt = Stopwatch.StartNew();

        await Assert.ThrowsAsync<RunClosedException>(() => reply);
        Assert.True(terminatedAt.Elapsed < TimeSpan.FromSeconds(1), $"stopped {terminatedAt.Elapsed} after the terminate");
        await StreamAssert.AbortedAsync(server.Requests[0]);
    }
}
