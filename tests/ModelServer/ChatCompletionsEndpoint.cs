using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PortfolioAdvisor.ModelServer;

/// <summary>
/// <c>POST /v1/chat/completions</c> (and <c>/chat/completions</c>) as OpenAI answers it: SSE chunks
/// (<c>chat.completion.chunk</c>, the last with <c>finish_reason: "stop"</c>, then <c>data: [DONE]</c>) when
/// <c>stream</c> is true, else one <c>chat.completion</c>. Each chunk carries <c>emitted_unix_ms</c>, its emit time.
/// </summary>
public sealed partial class ChatCompletionsEndpoint(ModelServerOptions options)
{
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private readonly ConcurrentDictionary<string, int> faultCounts = new(StringComparer.Ordinal);
    private long sequence;

    /// <summary>The requests received, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    /// <summary>Maps the two routes.</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", HandleAsync);
        endpoints.MapPost("/chat/completions", HandleAsync);
        endpoints.MapGet("/v1/requests", () => Requests.Select(r => new { r.Model, r.Stream, r.Aborted, r.Completed, r.TokensSent }));
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            await ErrorAsync(context, 400, "invalid_request_error", "The body is not JSON.");
            return;
        }

        var model = json["model"]?.GetValue<string>() ?? "";
        var stream = json["stream"]?.GetValue<bool>() ?? false;
        var messages = (json["messages"] as JsonArray ?? [])
            .Select(m => (m?["role"]?.GetValue<string>() ?? "", Content(m?["content"])))
            .ToList();
        var request = new ReceivedRequest(DateTimeOffset.UtcNow, model, stream, messages, body);
        received.Enqueue(request);
        using var registration = context.RequestAborted.Register(() => request.Aborted = !request.Completed);

        var fault = FaultMode.Parse(model);
        if (fault is { Times: { } times } && faultCounts.AddOrUpdate(model, 1, (_, n) => n + 1) > times)
        {
            fault = null;
        }

        try
        {
            await AnswerAsync(context, request, fault);
            request.Completed = !context.RequestAborted.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            request.Aborted = true;
        }
    }

    private async Task AnswerAsync(HttpContext context, ReceivedRequest request, FaultMode? fault)
    {
        switch (fault?.Name)
        {
            case "429":
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(context, 429, "rate_limit_exceeded", "Rate limit reached (fault:429).");
                return;
            case "401":
                await ErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided (fault:401).");
                return;
            case "500":
                await ErrorAsync(context, 500, "server_error", "The server had an error (fault:500).");
                return;
            case "slow-first-token":
                await Task.Delay(options.FirstTokenDelay, context.RequestAborted);
                break;
        }

        var reply = fault?.Name == "long" ? string.Join("\n\n", Enumerable.Repeat(options.Reply, options.LongReplyRepeat)) : options.Reply;
        var id = "chatcmpl-" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(Completion(id, created, request.Model, reply), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var cancel = context.RequestAborted;
        await SendAsync(context, Chunk(id, created, request.Model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null), cancel);
        var interval = options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.TokensPerSecond) : TimeSpan.Zero;
        foreach (var token in Tokens(reply))
        {
            if (request.TokensSent == options.TokensBeforeFault && await BreakAsync(context, fault, cancel))
            {
                return;
            }

            if (interval > TimeSpan.Zero)
            {
                await Task.Delay(interval, cancel);
            }

            await SendAsync(context, Chunk(id, created, request.Model, new JsonObject { ["content"] = token }, null), cancel);
            request.TokensSent++;
        }

        await SendAsync(context, Chunk(id, created, request.Model, [], "stop"), cancel);
        await context.Response.WriteAsync("data: [DONE]\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }

    /// <summary>Breaks the stream as <paramref name="fault"/> says; true when the answer is over.</summary>
    private static async Task<bool> BreakAsync(HttpContext context, FaultMode? fault, CancellationToken cancel)
    {
        switch (fault?.Name)
        {
            case "stall":
                await Task.Delay(Timeout.InfiniteTimeSpan, cancel);
                return true;
            case "drop":
                return true;
            case "reset":
                context.Abort();
                return true;
            case "malformed":
                await context.Response.WriteAsync("data: {\"id\": \"broken\", \"choices\": [ {\"delta\": \n\n", cancel);
                await context.Response.Body.FlushAsync(cancel);
                return true;
            default:
                return false;
        }
    }

    private IEnumerable<string> Tokens(string reply)
    {
        if (options.ChunkCharacters > 0)
        {
            for (var i = 0; i < reply.Length; i += options.ChunkCharacters)
            {
                yield return reply.Substring(i, Math.Min(options.ChunkCharacters, reply.Length - i));
            }

            yield break;
        }

        foreach (Match match in WordToken().Matches(reply))
        {
            yield return match.Value;
        }
    }

    private static async Task SendAsync(HttpContext context, JsonObject chunk, CancellationToken cancel)
    {
        chunk["emitted_unix_ms"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }

    private static JsonObject Chunk(string id, long created, string model, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["system_fingerprint"] = null,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        }),
    };

    private static JsonObject Completion(string id, long created, string model, string reply) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
            ["logprobs"] = null,
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 0, ["completion_tokens"] = 0, ["total_tokens"] = 0 },
        ["emitted_unix_ms"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    private static Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code = type } });
    }

    private static string Content(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    [GeneratedRegex(@"\s*\S+")]
    private static partial Regex WordToken();
}
