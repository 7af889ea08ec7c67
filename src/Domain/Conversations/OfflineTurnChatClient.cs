using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.MarketData;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The offline advisor for turns, as an <see cref="IChatClient"/> the agent loop drives like a real model (model id
/// <c>offline</c>). When the request's last message is the user's question it answers with the tool calls
/// <see cref="OfflineQuestions"/> parses from it (ids <c>call_1</c>, <c>call_2</c>… in order, so a replayed turn asks
/// the same calls), or, for any other question, with <see cref="OfflineTurnWriter.Fallback"/>'s text. When the last
/// messages carry the <see cref="FunctionResultContent"/>s of its calls it writes <see cref="OfflineTurnWriter.Answer"/>
/// from them. Text streams word by word at <see cref="AdvisorOptions.OfflineTokensPerSecond"/>. The persona and
/// language are read from <see cref="ChatOptions.AdditionalProperties"/> (<see cref="PersonaProperty"/>,
/// <see cref="LanguageProperty"/>) when the loop sets them, else from the system prompt that
/// <see cref="AdvisorPrompt.SystemText"/> writes; the defaults are <c>analyst</c> and English. Asked to continue a
/// reply cut short (the request ends with the text already said and a user message), a multi-message persona goes on
/// after the messages already said. Deterministic: the same request always gets the same reply.
/// </summary>
public sealed partial class OfflineTurnChatClient : IChatClient
{
    /// <summary>The model id the offline advisor reports: <c>offline</c>.</summary>
    public const string ModelName = OfflineChatModel.ModelName;

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the persona (a persona name string).</summary>
    public const string PersonaProperty = "persona";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the language (a BCP 47 tag string).</summary>
    public const string LanguageProperty = "language";

    private static readonly ChatClientMetadata Metadata = new(ModelName, null, ModelName);

    private readonly MarketDataSet market;
    private readonly IOptions<AdvisorOptions> options;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the client over the market data whose tickers questions may name.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public OfflineTurnChatClient(MarketDataSet market, IOptions<AdvisorOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.market = market;
        this.options = options;
        this.timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = Reply(messages, options);
        var message = new ChatMessage(ChatRole.Assistant, reply.Calls.Count > 0 ? [.. reply.Calls] : [new TextContent(reply.Text)]);
        return Task.FromResult(new ChatResponse(message)
        {
            ModelId = ModelName,
            FinishReason = reply.Calls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = Reply(messages, options);
        if (reply.Calls.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. reply.Calls]) { ModelId = ModelName, FinishReason = ChatFinishReason.ToolCalls };
            yield break;
        }

        var interval = TimeSpan.FromSeconds(1 / this.options.Value.OfflineTokensPerSecond);
        foreach (Match word in Word().Matches(reply.Text))
        {
            await Task.Delay(interval, timeProvider, cancellationToken).ConfigureAwait(false);
            yield return new ChatResponseUpdate(ChatRole.Assistant, word.Value) { ModelId = ModelName };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, []) { ModelId = ModelName, FinishReason = ChatFinishReason.Stop };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Holds nothing to release: the market data is shared and owned by the container.
    }

    private (IReadOnlyList<FunctionCallContent> Calls, string Text) Reply(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var (persona, language) = OfflineTurnRequest.PersonaAndLanguage(list, chatOptions);

        // A reply cut short is asked for again with what was said and a request to continue: a multi-message persona
        // goes on after the messages already delivered, as the analysis' offline advisor does.
        if (persona.MultiMessage && OfflineTurnRequest.Continuation(list) is { } continuation)
        {
            var (calls, whole) = Reply(continuation.Before, persona, language);
            var said = continuation.Said;
            if (calls.Count == 0 && said.Count < whole.Count && whole.Take(said.Count).SequenceEqual(said, StringComparer.Ordinal))
            {
                return ([], Join([.. whole.Skip(said.Count)]));
            }
        }

        var (planned, answer) = Reply(list, persona, language);
        return (planned, Join(answer));
    }

    private (IReadOnlyList<FunctionCallContent> Calls, IReadOnlyList<string> Messages) Reply(IList<ChatMessage> list, Persona persona, string? language)
    {
        var answered = OfflineTurnRequest.AnsweredCalls(list);
        if (answered.Count > 0)
        {
            return ([], OfflineTurnWriter.Answer(answered, persona, language));
        }

        if (list.Count > 0 && list[^1].Role == ChatRole.User)
        {
            var planned = OfflineQuestions.Parse(list[^1].Text, market.Tickers);
            if (planned.Count > 0)
            {
                return ([.. planned.Select((call, k) => new FunctionCallContent($"call_{k + 1}", call.Name, Arguments(call.Arguments)))], []);
            }
        }

        return ([], OfflineTurnWriter.Fallback(market.Tickers, persona, language));
    }

    /// <summary>The arguments as a model client delivers them: each member a <see cref="JsonElement"/>.</summary>
    private static Dictionary<string, object?> Arguments(JsonElement arguments) =>
        arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);

    private static string Join(IReadOnlyList<string> messages) => string.Join("\n\n", messages);

    /// <summary>A word with the whitespace after it: the offline advisor's token.</summary>
    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Word();
}
