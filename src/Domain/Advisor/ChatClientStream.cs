using System.ClientModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Reads an <see cref="IChatClient"/> as the advisor's <see cref="ChatDelta"/>s, so the analysis advisor and the turn's
/// agent loop stream through the same port with the same failure mapping. The finish reason is handed on only once the
/// stream has ended, on a last delta that also carries the tool calls requested: Microsoft.Extensions.AI yields the
/// function calls it assembled from <c>tool_calls</c> deltas after the chunk that named the finish reason.
/// </summary>
internal static class ChatClientStream
{
    /// <summary>Streams <paramref name="messages"/>; a stream that ends without a finish reason yields none (it was cut short).</summary>
    /// <exception cref="ChatModelException">The model or its transport failed.</exception>
    public static async IAsyncEnumerable<ChatDelta> StreamAsync(
        IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = client.GetStreamingResponseAsync(messages, options, cancellationToken);
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        string? finish = null;
        string? model = null;
        var calls = new List<FunctionCallContent>();
        while (true)
        {
            bool hasNext;
            try
            {
                hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, cancellationToken) is { } failure)
            {
                throw failure;
            }

            if (!hasNext)
            {
                break;
            }

            var update = enumerator.Current;
            model ??= update.ModelId;
            finish ??= update.FinishReason is { } reason ? FinishName(reason) : null;
            string? text = null;
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        calls.Add(call);
                        break;
                    case TextContent { Text.Length: > 0 } part:
                        text = text is null ? part.Text : text + part.Text;
                        break;
                }
            }

            if (text is not null)
            {
                yield return new ChatDelta(text) { ModelId = model, HoldsAllArrived = update.RawRepresentation is JoinedChunks { HoldsAllArrived: true } };
            }
        }

        if (finish is not null)
        {
            yield return new ChatDelta("", finish) { ToolCalls = calls, ModelId = model };
        }
    }

    /// <summary>The whole reply in one non-streaming call.</summary>
    /// <exception cref="ChatModelException">The model or its transport failed.</exception>
    public static async Task<ChatDelta> CompleteAsync(
        IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var contents = response.Messages.SelectMany(m => m.Contents).ToList();
            return new ChatDelta(string.Concat(contents.OfType<TextContent>().Select(t => t.Text)), response.FinishReason is { } reason ? FinishName(reason) : "stop")
            {
                ToolCalls = [.. contents.OfType<FunctionCallContent>()],
                ModelId = response.ModelId,
            };
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private static string FinishName(ChatFinishReason reason) => reason.Value;

    /// <summary>Maps a client failure to the port's exception; null for cancellation the caller asked for.</summary>
    private static ChatModelException? Translate(Exception ex, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return ex switch
        {
            ChatModelException => null,
            ClientResultException result => new ChatModelException(
                $"The model answered {(result.Status == 0 ? "nothing" : $"HTTP {result.Status}")}: {result.Message}",
                isTransient: result.Status is 0 or 408 or 429 or >= 500,
                status: result.Status == 0 ? null : result.Status,
                retryAfter: RetryAfter(result),
                innerException: ex),
            IOException or HttpRequestException or OperationCanceledException or TimeoutException =>
                new ChatModelException($"The connection to the model failed: {ex.Message}", isTransient: true, innerException: ex),
            System.Text.Json.JsonException or FormatException or InvalidOperationException =>
                new ChatModelException($"The model sent a malformed response: {ex.Message}", isTransient: true, innerException: ex),
            _ => null,
        };
    }

    private static TimeSpan? RetryAfter(ClientResultException result)
    {
        var response = result.GetRawResponse();
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? TimeSpan.FromTicks(Math.Max(0, (when - DateTimeOffset.UtcNow).Ticks))
            : null;
    }
}
