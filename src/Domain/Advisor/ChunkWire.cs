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

    /// <summary>The text of the first choice's delta; null when it carries none.</summary>
    public string? Text => Choices is { Count: > 0 } choices && choices[0].Delta?.Content is { Length: > 0 } text ? text : null;

    /// <summary>True when the chunk carries text and nothing else that ends or measures the reply (no finish reason, no usage).</summary>
    public bool IsPlainText => Text is not null && Usage is null && Choices![0].FinishReason is null;

    /// <summary>True when this chunk only adds text to <paramref name="first"/>'s (same response and model), so it can join its update.</summary>
    public bool ContinuesText(ChunkWire first) => IsPlainText && Id == first.Id && Model == first.Model;

    /// <summary>
    /// The chunk as Microsoft.Extensions.AI's update, as its OpenAI adapter shapes one, with <paramref name="text"/> as its
    /// text (this chunk's and those that joined it); null when it carries nothing. <paramref name="names"/> holds the
    /// stream's response id and model strings, so every update of a stream shares one instance of each.
    /// </summary>
    public ChatResponseUpdate? ToUpdate(string? text, ref (string? Id, string? Model) names)
    {
        var finish = Choices is { Count: > 0 } choices ? choices[0].FinishReason : null;
        var contents = new List<AIContent>(1);
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

        var id = names.Id = Id == names.Id ? names.Id : Id;
        var model = names.Model = Model == names.Model ? names.Model : Model;
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = id,
            MessageId = id,
            ModelId = model,
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
