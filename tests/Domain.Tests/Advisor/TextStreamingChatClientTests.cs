using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Testing;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>
/// The text-streaming path against the model server: text-only streams are read by <see cref="TextStreamingChatClient"/>,
/// everything else by the OpenAI package's client under it.
/// </summary>
public sealed class TextStreamingChatClientTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "How am I doing?")];

    [Fact]
    public async Task GetStreamingResponseAsync_StreamsTheReplyItself_WhenTheRequestIsTextOnly()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 1000 });
        var (client, package) = Create(server);

        var updates = await Collect(client.GetStreamingResponseAsync(Question, new ChatOptions { MaxOutputTokens = 64, Temperature = 0.5f }));

        Assert.Equal(0, package.StreamingCalls);
        Assert.Equal(ModelServerOptions.DefaultReply, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.Equal("test-model", body["model"]!.GetValue<string>());
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.Equal(64, body["max_completion_tokens"]!.GetValue<int>());
        Assert.Equal(0.5, body["temperature"]!.GetValue<double>());
        Assert.Equal([("system", "You are terse."), ("user", "How am I doing?")], server.Requests[0].Messages);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LeavesTheRequestToThePackage_WhenItOffersTools()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 1000 });
        var (client, package) = Create(server);
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 42, "answer")] };

        await Collect(client.GetStreamingResponseAsync(Question, options));

        Assert.Equal(1, package.StreamingCalls);
        Assert.Equal(["answer"], Assert.Single(server.Requests).Tools);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_JoinsTheTextThatHasAlreadyArrived_IntoOneUpdate()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0 });
        var (client, _) = Create(server);
        await using var updates = client.GetStreamingResponseAsync(Question).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        var first = updates.Current;
        var request = Assert.Single(server.Requests);

        await request.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        var rest = new List<ChatResponseUpdate>();
        while (await updates.MoveNextAsync())
        {
            rest.Add(updates.Current);
        }

        var texts = rest.Where(u => u.Text.Length > 0).ToList();
        Assert.Equal(ModelServerOptions.DefaultReply, first.Text + string.Concat(texts.Select(u => u.Text)));
        Assert.True(texts.Count <= 3, $"{request.TokensSent} tokens that had arrived came as {texts.Count} updates");
        Assert.Equal(request.TokensSent, texts.Sum(JoinedChunks.Of));
        Assert.Equal(ChatFinishReason.Stop, rest[^1].FinishReason);
        Assert.All(rest, u => Assert.Same(first.ResponseId, u.ResponseId));
    }

    [Fact]
    public async Task DisposeAsync_EndsTheRequest_WhileTheReadAfterJoinedTextIsPending()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 0, TokensBeforeFault = 5 });
        var (client, _) = Create(server);
        var updates = client.GetStreamingResponseAsync(Question, new ChatOptions { ModelId = "fault:stall" }).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        var request = Assert.Single(server.Requests);
        await Eventually.HoldsAsync(() => request.TokensSent == 5, TimeSpan.FromSeconds(5), "the server sends five tokens, then stalls");

        Assert.True(await updates.MoveNextAsync());
        Assert.True(updates.Current.RawRepresentation is JoinedChunks { Count: 5, HoldsAllArrived: true }, "the five tokens that had arrived, joined, with nothing after them");
        var disposed = Stopwatch.GetTimestamp();
        await updates.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(Stopwatch.GetElapsedTime(disposed) < TimeSpan.FromSeconds(1), "disposing ends the pending read at once");
        await StreamAssert.AbortedAsync(request, TimeSpan.FromSeconds(5));
    }

    private static (IChatClient Client, CountingChatClient Package) Create(ModelServerHost server)
    {
        var options = new AdvisorOptions { Endpoint = server.ApiBaseUrl.ToString(), Model = "test-model" };
        var sdk = OpenAIChatClientFactory.Create(options);
        var package = new CountingChatClient(sdk.AsIChatClient());
        return (new TextStreamingChatClient(package, sdk, "test-model", null, null), package);
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var all = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            all.Add(update);
        }

        return all;
    }

    /// <summary>The package's client, counting the streaming calls that reach it.</summary>
    private sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public int StreamingCalls { get; private set; }

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            StreamingCalls++;
            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }
    }
}
