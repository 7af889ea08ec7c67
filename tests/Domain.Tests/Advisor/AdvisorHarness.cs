using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>A <see cref="StreamingAdvisor"/> over an in-memory log, with the real OpenAI client against a <see cref="ModelServerHost"/> or the offline model.</summary>
internal sealed class AdvisorHarness
{
    public InMemoryRunEventLog Log { get; } = new();

    public RecordingRunEventPublisher Publisher { get; } = new();

    public AdvisorOptions Options { get; } = new()
    {
        PacingScale = 0.01,
        OfflineTokensPerSecond = 2000,
        RetryBaseDelayMilliseconds = 10,
        StallTimeoutSeconds = 5,
        FirstTokenTimeoutSeconds = 5,
        OpenTimeoutSeconds = 10,
    };

    public TokenStreamingOptions Streaming { get; } = new() { CoalesceMilliseconds = 0 };

    public StreamingAdvisor ForServer(ModelServerHost server, string model = "test-model")
    {
        Options.Endpoint = server.ApiBaseUrl.ToString();
        Options.Model = model;
        return Create(new OpenAIChatModel(OpenAIChatClientFactory.CreateChatClient(Options), Microsoft.Extensions.Options.Options.Create(Options)));
    }

    public StreamingAdvisor Offline() =>
        Create(new OfflineChatModel(Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System));

    public StreamingAdvisor Create(IChatModel model) =>
        new(model, new RunEventWriter(Log, Publisher), Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(Streaming), TimeProvider.System, NullLogger<StreamingAdvisor>.Instance);

    public IReadOnlyList<EventView> Events(string runId) => [.. Log.Events(runId).Select(EventView.From)];
}

/// <summary>The fields of a logged event the advisor tests look at.</summary>
internal sealed record EventView(long Seq, string Type, string? MessageId, string? Delta, string? Content, bool? Typing, string? Code, bool? Retryable, string? Node)
{
    public static EventView From(StoredEvent stored)
    {
        using var document = JsonDocument.Parse(stored.Json);
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool? Flag(string name) => root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        return new EventView(stored.Seq, stored.Type, Text("messageId"), Text("delta"), Text("content"), Flag("typing"), Text("code"), Flag("retryable"), Text("node"));
    }
}

/// <summary>Checks the contract's streaming rules on a run's events.</summary>
internal static class StreamAssert
{
    /// <summary>Every final message equals its deltas concatenated in seq order, and is bracketed by typing true/false.</summary>
    public static void MessagesMatchTheirTokens(IReadOnlyList<EventView> events)
    {
        foreach (var message in events.Where(e => e.Type == EventTypes.Message))
        {
            var deltas = string.Concat(events.Where(e => e.Type == EventTypes.Token && e.MessageId == message.MessageId).Select(e => e.Delta));
            Assert.Equal(message.Content, deltas);
            var before = events.Last(e => e.Seq < events.First(t => t.MessageId == message.MessageId).Seq && e.Type == EventTypes.Typing);
            Assert.True(before.Typing);
            var after = events.First(e => e.Seq > message.Seq);
            Assert.Equal(EventTypes.Typing, after.Type);
            Assert.False(after.Typing);
        }
    }

    /// <summary>Waits until the model server is done with <paramref name="request"/>, then checks that it saw the client go away.</summary>
    public static async Task AbortedAsync(ReceivedRequest request, TimeSpan? within = null)
    {
        await request.Finished.WaitAsync(within ?? TimeSpan.FromSeconds(3));
        Assert.True(request.Aborted, "the model server finished the answer instead of seeing the request aborted");
    }

    public static Task EventuallyAsync(Func<bool> condition, TimeSpan? within = null) =>
        Eventually.HoldsAsync(condition, within ?? TimeSpan.FromSeconds(3), "The condition did not become true in time.");
}
