using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <see cref="LanguageProperty"/>) when the loop sets them; the defaults are <c>analyst</c> and <c>en</c>.
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
        var persona = PersonaCatalog.TryGet(Property(chatOptions, PersonaProperty), out var named) ? named : PersonaCatalog.Analyst;
        var language = Property(chatOptions, LanguageProperty);

        var answered = AnsweredCalls(list);
        if (answered.Count > 0)
        {
            return ([], Join(OfflineTurnWriter.Answer(answered, persona, language)));
        }

        if (list.Count > 0 && list[^1].Role == ChatRole.User)
        {
            var planned = OfflineQuestions.Parse(list[^1].Text, market.Tickers);
            if (planned.Count > 0)
            {
                return ([.. planned.Select((call, k) => new FunctionCallContent($"call_{k + 1}", call.Name, Arguments(call.Arguments)))], "");
            }
        }

        return ([], Join(OfflineTurnWriter.Fallback(market.Tickers, persona, language)));
    }

    /// <summary>The trailing function results paired with the calls of the assistant message before them.</summary>
    private static List<AnsweredToolCall> AnsweredCalls(IList<ChatMessage> messages)
    {
        var results = new List<FunctionResultContent>();
        var k = messages.Count - 1;
        for (; k >= 0 && messages[k].Contents.Count > 0 && messages[k].Contents.All(c => c is FunctionResultContent); k--)
        {
            results.InsertRange(0, messages[k].Contents.Cast<FunctionResultContent>());
        }

        if (results.Count == 0)
        {
            return [];
        }

        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        for (; k >= 0; k--)
        {
            var found = messages[k].Contents.OfType<FunctionCallContent>().ToList();
            if (found.Count > 0)
            {
                foreach (var call in found)
                {
                    calls.TryAdd(call.CallId, call);
                }

                break;
            }
        }

        return [.. results.Select(result => calls.TryGetValue(result.CallId, out var call)
            ? new AnsweredToolCall(call.Name, ToolJson.ToElement(call.Arguments ?? new Dictionary<string, object?>()), ResultElement(result))
            : new AnsweredToolCall(Guess(ResultElement(result)), default, ResultElement(result)))];
    }

    /// <summary>The result as JSON, whatever form the loop (or a serialization round trip) left it in.</summary>
    private static JsonElement ResultElement(FunctionResultContent content)
    {
        if (content.Exception is { } exception)
        {
            return ToolJson.ToElement(new { error = exception.Message });
        }

        switch (content.Result)
        {
            case JsonElement element:
                return element;
            case JsonNode node:
                return ToolJson.ToElement(node);
            case string text:
                try
                {
                    using var document = JsonDocument.Parse(text);
                    return document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return ToolJson.ToElement(new { error = text });
                }

            case null:
                return ToolJson.ToElement(new { error = "The tool returned nothing." });
            default:
                return JsonSerializer.SerializeToElement(content.Result, AIJsonUtilities.DefaultOptions);
        }
    }

    private static string Guess(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("contributionToRisk", out _) ? HoldingDetailsTool.Name : WhatIfTool.Name;

    /// <summary>The arguments as a model client delivers them: each member a <see cref="JsonElement"/>.</summary>
    private static Dictionary<string, object?> Arguments(JsonElement arguments) =>
        arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);

    private static string? Property(ChatOptions? chatOptions, string key) =>
        chatOptions?.AdditionalProperties is { } properties && properties.TryGetValue(key, out var value) ? value?.ToString() : null;

    private static string Join(IReadOnlyList<string> messages) => string.Join("\n\n", messages);

    /// <summary>A word with the whitespace after it: the offline advisor's token.</summary>
    [GeneratedRegex(@"\S+\s*")]
    private static partial Regex Word();
}
