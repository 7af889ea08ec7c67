using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PortfolioAdvisor.Benchmarks.StreamFloor;

/// <summary>Tokens read so far, by every stream of a round.</summary>
internal sealed class TokenCounter
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Add() => Interlocked.Increment(ref count);
}

/// <summary>Reads one streamed reply to its end, counting each token (a chunk with delta text) as it arrives.</summary>
internal interface IStreamReader
{
    Task ReadAsync(TokenCounter counter);
}

/// <summary>The least a .NET reader of an OpenAI stream does: POST, SSE events, each chunk's delta text; with a gather interval, reads at most once per interval.</summary>
internal sealed class RawSseReader(HttpClient http, TimeSpan gather) : IStreamReader
{
    private static readonly byte[] Request = Encoding.UTF8.GetBytes("""{"model":"bench","stream":true,"messages":[{"role":"user","content":"floor"}]}""");

    public async Task ReadAsync(TokenCounter counter)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(Request) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var content = await response.Content.ReadAsStreamAsync();
        await using var body = gather > TimeSpan.Zero ? new GatedStream(content, gather) : content;
        await foreach (var item in SseParser.Create(body, static (_, data) => HasText(data)).EnumerateAsync())
        {
            if (item.Data)
            {
                counter.Add();
            }
        }
    }

    /// <summary>Whether a chunk's first choice has delta text; "[DONE]" has none.</summary>
    private static bool HasText(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return false;
        }

        var json = new Utf8JsonReader(data);
        while (json.Read())
        {
            if (json.TokenType == JsonTokenType.PropertyName && json.ValueTextEquals("content"u8))
            {
                return json.Read() && json.TokenType == JsonTokenType.String && json.GetString() is { Length: > 0 };
            }
        }

        return false;
    }
}

/// <summary>The self-host's model client, read as the advisor reads it: every update with text counts its tokens.</summary>
internal sealed class ChatClientReader(IChatClient chat) : IStreamReader
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "floor")];

    public async Task ReadAsync(TokenCounter counter)
    {
        await foreach (var update in chat.GetStreamingResponseAsync(Question))
        {
            // Chunks that arrived together share an update (TextStreamingChatClient): count the model's tokens, not updates.
            var tokens = update.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            for (var i = 0; i < tokens; i++)
            {
                counter.Add();
            }
        }
    }
}
