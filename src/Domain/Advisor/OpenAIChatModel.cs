using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// <see cref="IChatModel"/> on the OpenAI package's <see cref="ChatClient"/>, for any OpenAI-compatible endpoint. The
/// client is a singleton (see <see cref="OpenAIChatClientFactory"/>); its own retries are off because the advisor owns
/// retries. Transport failures surface as <see cref="ChatModelException"/>.
/// </summary>
public sealed class OpenAIChatModel(ChatClient client, IOptions<AdvisorOptions> options) : IChatModel
{
    /// <inheritdoc />
    public string Name => options.Value.Model ?? "";

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var updates = client.CompleteChatStreamingAsync(ToMessages(request.Turns), CompletionOptions(), cancellationToken);
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
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
                yield break;
            }

            var update = enumerator.Current;
            var text = string.Concat(update.ContentUpdate.Select(part => part.Text));
            var finish = update.FinishReason is { } reason ? FinishName(reason) : null;
            if (text.Length > 0 || finish is not null)
            {
                yield return new ChatDelta(text, finish);
            }
        }
    }

    /// <inheritdoc />
    public async Task<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            ChatCompletion completion = await client.CompleteChatAsync(ToMessages(request.Turns), CompletionOptions(), cancellationToken).ConfigureAwait(false);
            return new ChatDelta(string.Concat(completion.Content.Select(part => part.Text)), FinishName(completion.FinishReason));
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    private ChatCompletionOptions CompletionOptions()
    {
        var completion = new ChatCompletionOptions { MaxOutputTokenCount = options.Value.MaxOutputTokens };
        if (options.Value.ReasoningEffort is { Length: > 0 } effort)
        {
#pragma warning disable OPENAI001 // Marked for evaluation in the SDK; it only names the wire value reasoning_effort.
            completion.ReasoningEffortLevel = new ChatReasoningEffortLevel(effort);
#pragma warning restore OPENAI001
        }

        return completion;
    }

    private static List<ChatMessage> ToMessages(IReadOnlyList<ChatTurn> turns) =>
        [.. turns.Select(turn => turn.Role switch
        {
            "system" => (ChatMessage)new SystemChatMessage(turn.Content),
            "assistant" => new AssistantChatMessage(turn.Content),
            _ => new UserChatMessage(turn.Content),
        })];

    private static string FinishName(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };

    /// <summary>Maps a client failure to the port's exception; null for cancellation the caller asked for.</summary>
    private static ChatModelException? Translate(Exception ex, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return ex switch
        {
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

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var when)
            ? TimeSpan.FromTicks(Math.Max(0, (when - DateTimeOffset.UtcNow).Ticks))
            : null;
    }
}
