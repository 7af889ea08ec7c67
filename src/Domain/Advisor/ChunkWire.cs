using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The fields of an OpenAI <c>chat.completion.chunk</c> that a text reply uses
/// (https://platform.openai.com/docs/api-reference/chat-streaming/streaming): the response id, model, creation time, the
/// first choice's delta text and finish reason, and the usage; every other field is skipped (<see cref="ChunkWireReader"/>).
/// </summary>
internal sealed class ChunkWire
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    public string? Id { get; set; }

    public string? Model { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public long? Created { get; set; }

    /// <summary>The first entry of <c>choices</c>; null when the array is empty or absent (the usage chunk).</summary>
    public Choice? FirstChoice { get; set; }

    public TokenUsage? Usage { get; set; }

    /// <summary>
    /// The chunk in <paramref name="data"/>; null for the stream's closing <c>[DONE]</c>. With <paramref name="shared"/>,
    /// a response id or model equal to the stream's previous one is that same string, not a new one.
    /// </summary>
    /// <exception cref="JsonException">The data is not a chunk.</exception>
    public static ChunkWire? Parse(ReadOnlySpan<byte> data, StreamStrings? shared = null) =>
        data.SequenceEqual(Done) ? null : ChunkWireReader.Read(data, shared ?? new StreamStrings());

    /// <summary>The text of the first choice's delta; null when it carries none.</summary>
    public string? Text => FirstChoice?.Delta?.Content is { Length: > 0 } text ? text : null;

    /// <summary>True when the chunk carries text and nothing else that ends or measures the reply (no finish reason, no usage).</summary>
    public bool IsPlainText => Text is not null && Usage is null && FirstChoice!.FinishReason is null;

    /// <summary>True when this chunk only adds text to <paramref name="first"/>'s (same response and model), so it can join its update.</summary>
    public bool ContinuesText(ChunkWire first) => IsPlainText && Id == first.Id && Model == first.Model;

    /// <summary>
    /// The chunk as Microsoft.Extensions.AI's update, as its OpenAI adapter shapes one, with <paramref name="text"/> as its
    /// text (this chunk's and those that joined it); null when it carries nothing.
    /// </summary>
    public ChatResponseUpdate? ToUpdate(string? text)
    {
        var finish = FirstChoice?.FinishReason;
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

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = Id,
            MessageId = Id,
            ModelId = Model,
            CreatedAt = Created is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            FinishReason = finish is null ? null : new ChatFinishReason(finish),
        };
    }

    /// <summary>The response id and model of a stream's last chunk, so the next chunk's equal ones reuse their strings.</summary>
    internal sealed class StreamStrings
    {
        public string? Id { get; set; }

        public string? Model { get; set; }
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
