using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI;
using OpenAI.Chat;

namespace PortfolioAdvisor.Portfolio.Screenshots;

/// <summary>
/// Reads a screenshot with one non-streaming chat completion on an OpenAI-compatible endpoint: the image as a content
/// part, the answer constrained by a strict JSON schema (<c>{ holdings: [{ ticker, shares, costBasis|null }] }</c>,
/// cost basis the position's total USD).
/// </summary>
/// <param name="client">The chat client, created once (see <see cref="CreateClient"/>).</param>
/// <param name="temperature">The sampling temperature to send (<see cref="VisionOptions.Temperature"/>); null sends none.</param>
public sealed class OpenAIPortfolioScreenshotReader(ChatClient client, double? temperature = null) : IPortfolioScreenshotReader
{
    private const string Instructions =
        "You read screenshots of brokerage portfolio positions. Return every position shown, in order: the ticker symbol "
        + "exactly as shown, the number of shares, and the position's total cost basis in USD when the screenshot shows it "
        + "(null otherwise). Leave out cash, money-market and total lines. Never invent a position; return an empty list "
        + "when the image shows none.";

    private static readonly BinaryData Schema = BinaryData.FromString("""
        {
          "type": "object",
          "properties": {
            "holdings": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "ticker": { "type": "string" },
                  "shares": { "type": "number" },
                  "costBasis": { "type": ["number", "null"] }
                },
                "required": ["ticker", "shares", "costBasis"],
                "additionalProperties": false
              }
            }
          },
          "required": ["holdings"],
          "additionalProperties": false
        }
        """);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the chat client for <paramref name="options"/> (one per process).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="options"/> is not configured.</exception>
    public static ChatClient CreateClient(VisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("Vision:Model and Vision:Endpoint or Vision:ApiKey must be set.");
        }

        var clientOptions = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        // Local OpenAI-compatible servers need no key, but the client refuses an empty one.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey;
        return new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HoldingInput>> ReadAsync(BinaryData image, string mediaType, CancellationToken cancellationToken = default)
    {
        ChatMessage[] messages =
        [
            new SystemChatMessage(Instructions),
            new UserChatMessage(
                ChatMessageContentPart.CreateTextPart("List the positions in this portfolio screenshot."),
                ChatMessageContentPart.CreateImagePart(image, mediaType, ChatImageDetailLevel.High)),
        ];
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("portfolio_positions", Schema, jsonSchemaIsStrict: true),
            Temperature = (float?)temperature,
        };

        ChatCompletion completion;
        try
        {
            completion = (await client.CompleteChatAsync(messages, options, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (ClientResultException ex)
        {
            throw new UnsupportedPortfolioContentException(422, $"The vision model could not read the screenshot (HTTP {ex.Status}).");
        }

        var text = string.Concat(completion.Content.Select(part => part.Text));
        try
        {
            var answer = JsonSerializer.Deserialize<Answer>(text, Json);
            return answer?.Holdings is { } holdings
                ? [.. holdings.Select(h => new HoldingInput(h.Ticker ?? "", h.Shares ?? 0, h.CostBasis))]
                : throw Unreadable(completion);
        }
        catch (JsonException)
        {
            throw Unreadable(completion);
        }
    }

    private static UnsupportedPortfolioContentException Unreadable(ChatCompletion completion) =>
        new(422, string.IsNullOrEmpty(completion.Refusal)
            ? "The vision model's answer was not the expected list of positions."
            : $"The vision model declined to read the screenshot: {completion.Refusal}");

    private sealed record Answer([property: JsonPropertyName("holdings")] IReadOnlyList<AnswerHolding>? Holdings);

    private sealed record AnswerHolding(string? Ticker, double? Shares, double? CostBasis);
}
