using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The fields of an OpenAI <c>chat.completion.chunk</c> that a text reply uses
/// (https://platform.openai.com/docs/api-reference/chat-streaming/streaming), read with System.Text.Json's source
/// generator under the wire's snake_case names; every other field is skipped.
/// </summary>
internal sealed class ChunkWire
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    // Settable properties rather than a record's constructor: System.Text.Json reads them without buffering the
    // arguments of a parameterized constructor, which cost a tenth of a token's CPU in the profile.
    public string? Id { get; set; }

    public string? Model { get; set; }

    public long? Created { get; set; }

    public List<Choice>? Choices { get; set; }

    public TokenUsage? Usage { get; set; }

    /// <summary>The chunk in <paramref name="data"/>; null for the stream's closing <c>[DONE]</c>.</summary>
    /// <exception cref="JsonException">The data is not a chunk.</exception>
    public static ChunkWire? Parse(ReadOnlySpan<byte> data) =>
        data.SequenceEqual(Done) ? null : JsonSerializer.Deserialize(data, ChunkWireJson.Default.ChunkWire) ?? throw new JsonException("The model sent a null chunk.");

    /// <summary>The chunk as Microsoft.Extensions.AI's update, as its OpenAI adapter shapes one; null when it carries nothing.</summary>
    public ChatResponseUpdate? ToUpdate()
    {
        var choice = Choices is { Count: > 0 } choices ? choices[0] : null;
        var text = choice?.Delta?.Content;
        var finish = choice?.FinishReason;
        List<AIContent> contents = [];
        if (text is { Length: > 0 })
        {
            contents.Add(new TextContent(text));
        }

        if (Usage is { } usage)
        {
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = usage.PromptTokens,
                OutputTokenCount = usage.CompletionTokens,
                TotalTokenCount = usage.TotalTokens,
            }));
        }

        if (contents.Count == 0 && finish is null && Id is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = Id,
            MessageId = Id,
            ModelId = Model,
            CreatedAt = Created is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            FinishReason = finish is null ? null : new ChatFinishReason(finish),
        };
    }

    /// <summary>One entry of <c>choices</c>.</summary>
    internal sealed class Choice
    {
        public Delta? Delta { get; set; }

        public string? FinishReason { get; set; }
    }

    /// <summary>A choice's <c>delta</c>.</summary>
    internal sealed class Delta
    {
        public string? Content { get; set; }
    }

    /// <summary>The <c>usage</c> the last chunk carries when <c>stream_options.include_usage</c> is set.</summary>
    internal sealed class TokenUsage
    {
        public long? PromptTokens { get; set; }

        public long? CompletionTokens { get; set; }

        public long? TotalTokens { get; set; }
    }
}

/// <summary>The source-generated serializer of <see cref="ChunkWire"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChunkWire))]
internal sealed partial class ChunkWireJson : JsonSerializerContext;
