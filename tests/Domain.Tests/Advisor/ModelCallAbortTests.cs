using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.ModelServer;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>
/// A model call given up mid-stream ends its HTTP request at once, whether or not a read was in flight: the contract stops
/// a terminated run's model call within a second.
/// </summary>
public sealed class ModelCallAbortTests
{
    [Fact]
    public async Task DisposeAsync_EndsTheModelRequestAtOnce_WhenNoReadIsPending()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 40, LongReplyRepeat = 20 });
        var options = new AdvisorOptions { Endpoint = server.ApiBaseUrl.ToString(), Model = "fault:long" };
        var model = new OpenAIChatModel(OpenAIChatClientFactory.CreateChatClient(options), Options.Create(options));
        var request = new ChatRequest(AdvisorSamples.Input("run-abort"), PersonaCatalog.Analyst, [new ChatTurn("user", "Go on.")], []);
        var reader = new DeltaReader(token => model.StreamAsync(request, token), TimeProvider.System, CancellationToken.None);
        for (var read = 0; read < 3;)
        {
            read += (await reader.NextAsync(TimeSpan.FromSeconds(5), CancellationToken.None)).Delta is { Text.Length: > 0 } ? 1 : 0;
        }

        var disposed = Stopwatch.GetTimestamp();
        await reader.DisposeAsync();
        var sent = Assert.Single(server.Requests);
        await StreamAssert.AbortedAsync(sent, TimeSpan.FromSeconds(5));

        var abortedAfter = Stopwatch.GetElapsedTime(disposed, sent.AbortedAt!.Value);
        Assert.True(abortedAfter < TimeSpan.FromMilliseconds(500), $"the model server saw the abort {abortedAfter.TotalMilliseconds:0} ms after the reader was disposed");
    }
}
