using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ChatClient = OpenAI.Chat.ChatClient;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Streams text-only chat completions through the OpenAI package's own pipeline (its protocol method, so the
/// endpoint, the credential, the network timeout and the error type are the package's), but reads the reply with
/// <see cref="SseParser"/> and each <c>chat.completion.chunk</c> with <see cref="ChunkWireReader"/> (System.Text.Json's
/// <see cref="Utf8JsonReader"/>) into a <see cref="ChatResponseUpdate"/>. The package's own streaming reader builds its full model graph per
/// token and Microsoft.Extensions.AI converts it again; at 50 tokens a second per stream that was most of a token's
/// CPU in the host (docs/performance.md, issue 15). Anything else (a non-streaming call, tools, a response format,
/// non-text content, options this client does not write) goes to <paramref name="innerClient"/> unchanged.
/// </summary>
/// <param name="innerClient">The package's <see cref="IChatClient"/> (<c>ChatClient.AsIChatClient()</c>).</param>
/// <param name="sdk">The same package client, whose pipeline sends the request.</param>
/// <param name="model">The model (or Azure deployment) asked when the options name none.</param>
/// <param name="reasoningEffortFactory">The raw-options factory the builder sets for <c>reasoning_effort</c>; a request carrying it is still served here.</param>
/// <param name="reasoningEffort">The <c>reasoning_effort</c> to send, or null.</param>
internal sealed class TextStreamingChatClient(
    IChatClient innerClient, ChatClient sdk, string model, Func<IChatClient, object?>? reasoningEffortFactory, string? reasoningEffort)
    : DelegatingChatClient(innerClient)
{
    private static readonly ChatRole Developer = new("developer");

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return Serves(turns, options)
            ? StreamAsync(turns, options, cancellationToken)
            : base.GetStreamingResponseAsync(turns, options, cancellationToken);
    }

    private bool Serves(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (options is not null && (options.Tools is { Count: > 0 } || options.ResponseFormat is not null
            || options.AdditionalProperties is { Count: > 0 } || options.ToolMode is not null || options.Instructions is not null
            || options.TopK is not null || options.ConversationId is not null
            || (options.RawRepresentationFactory is not null && options.RawRepresentationFactory != reasoningEffortFactory)))
        {
            return false;
        }

        foreach (var message in messages)
        {
            if (message.Role != ChatRole.System && message.Role != ChatRole.User && message.Role != ChatRole.Assistant && message.Role != Developer)
            {
                return false;
            }

            foreach (var content in message.Contents)
            {
                if (content is not TextContent)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The reply's chunks as updates. When a chunk was already buffered as it was read, the text chunks buffered after it
    /// join its update: Microsoft.Extensions.AI's OpenTelemetry client keeps every update of a stream until it ends, and
    /// one per token was most of what survived a collection in the steady state (docs/performance.md). The read that
    /// would wait stays pending for the next update.
    /// </summary>
    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IReadOnlyList<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var body = BinaryContent.Create(Request(messages, options));
        var result = await sdk.CompleteChatAsync(body, new RequestOptions { BufferResponse = false, CancellationToken = cancellationToken }).ConfigureAwait(false);
        using var response = result.GetRawResponse();
        // Every update of a stream shares one instance of its response id and model name.
        var shared = new ChunkWire.StreamStrings();
        var parser = SseParser.Create(response.ContentStream!, (_, data) => ChunkWire.Parse(data, shared));
        var items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        ChunkWire? held = null;
        ValueTask<bool>? pending = null;
        try
        {
            while (true)
            {
                var chunk = held;
                var buffered = true;
                held = null;
                if (chunk is null)
                {
                    var read = pending ?? items.MoveNextAsync();
                    pending = null;
                    buffered = read.IsCompleted;
                    if (!await read.ConfigureAwait(false) || items.Current.Data is not { } next)
                    {
                        yield break;
                    }

                    chunk = next;
                }

                // A chunk that had to be waited for came in a network write of its own, so the next one is not there
                // yet: a read started now would only wake the host for it while the advisor gathers text.
                var text = chunk.Text;
                var joined = 1;
                if (chunk.IsPlainText && buffered)
                {
                    (text, joined, held, pending) = JoinArrived(items, chunk, text!);
                }

                if (chunk.ToUpdate(text) is { } update)
                {
                    var allArrived = pending is { IsCompleted: false };
                    if (joined > 1 || allArrived)
                    {
                        update.RawRepresentation = joined == 1 ? JoinedChunks.OneHoldingAllArrived : new JoinedChunks(joined, allArrived);
                    }

                    yield return update;
                }
            }
        }
        finally
        {
            if (pending is { } read)
            {
                if (!read.IsCompleted)
                {
                    // An async iterator may not be disposed while a read is in flight: closing the response ends it.
                    response.Dispose();
                }

                try
                {
                    await read.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The reply is abandoned; how its last read ended no longer matters.
                }
            }

            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with the text of every chunk after <paramref name="first"/> that is already there and only
    /// continues it, and how many chunks that text joins; the first chunk that does not continue it (held), or the read
    /// that would wait, failed or found the end (pending), comes next.
    /// </summary>
    private static (string Text, int Joined, ChunkWire? Held, ValueTask<bool>? Pending) JoinArrived(
        IAsyncEnumerator<SseItem<ChunkWire?>> items, ChunkWire first, string text)
    {
        StringBuilder? joined = null;
        var count = 1;
        while (true)
        {
            var read = items.MoveNextAsync();
            if (!read.IsCompletedSuccessfully)
            {
                return (Joined(), count, null, read);
            }

            if (!read.Result || items.Current.Data is not { } next)
            {
                return (Joined(), count, null, new ValueTask<bool>(false));
            }

            if (!next.ContinuesText(first))
            {
                return (Joined(), count, next, null);
            }

            (joined ??= new StringBuilder(text)).Append(next.Text);
            count++;
        }

        string Joined() => joined?.ToString() ?? text;
    }

    private BinaryData Request(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options?.ModelId ?? model);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("content", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
            if (options?.MaxOutputTokens is { } max)
            {
                json.WriteNumber("max_completion_tokens", max);
            }

            if (options?.RawRepresentationFactory is not null && reasoningEffort is { Length: > 0 })
            {
                json.WriteString("reasoning_effort", reasoningEffort);
            }

            WriteIf(json, "temperature", options?.Temperature);
            WriteIf(json, "top_p", options?.TopP);
            WriteIf(json, "frequency_penalty", options?.FrequencyPenalty);
            WriteIf(json, "presence_penalty", options?.PresencePenalty);
            if (options?.Seed is { } seed)
            {
                json.WriteNumber("seed", seed);
            }

            if (options?.StopSequences is { Count: > 0 } stops)
            {
                json.WriteStartArray("stop");
                foreach (var stop in stops)
                {
                    json.WriteStringValue(stop);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    private static void WriteIf(Utf8JsonWriter json, string name, float? value)
    {
        if (value is { } set)
        {
            json.WriteNumber(name, set);
        }
    }
}
