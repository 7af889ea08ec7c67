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
/// A request that offers <c>tools</c> may be answered with tool calls (see <see cref="ToolScript"/> and
/// <c>fault:tool-loop</c>); one that carries <c>tool</c> messages is answered in text quoting them.
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
        var tools = (json["tools"] as JsonArray ?? [])
            .Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "")
            .ToList();
        var request = new ReceivedRequest(DateTimeOffset.UtcNow, model, stream, messages, body, tools);
        received.Enqueue(request);
        using var registration = context.RequestAborted.Register(request.MarkAborted);

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
            request.MarkAborted();
        }
        finally
        {
            // Before Finished: a test that awaits it then reads Aborted, and the token's own callback may run later.
            if (context.RequestAborted.IsCancellationRequested)
            {
                request.MarkAborted();
            }

            request.MarkFinished();
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

        var id = "chatcmpl-" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (ToolsToCall(request, fault) is { Count: > 0 } calls)
        {
            await CallToolsAsync(context, request, fault, id, created, calls);
            return;
        }

        var toolAnswers = request.Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        var reply = fault?.Name == "long" ? string.Join("\n\n", Enumerable.Repeat(options.Reply, options.LongReplyRepeat))
            : toolAnswers.Count > 0 ? ModelServerOptions.ToolAnswerPrefix + " " + string.Join(" ", toolAnswers)
            : options.Reply;
        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(Completion(id, created, request.Model, new JsonObject { ["role"] = "assistant", ["content"] = reply }, "stop"), context.RequestAborted);
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

    /// <summary>
    /// The tools this answer calls: with <c>fault:tool-loop</c> the first offered tool, every time; with a
    /// <see cref="ToolScript"/>, its tools until the request carries <c>tool</c> messages; else none.
    /// </summary>
    private static List<string> ToolsToCall(ReceivedRequest request, FaultMode? fault)
    {
        if (request.Tools.Count == 0)
        {
            return [];
        }

        if (fault?.Name == "tool-loop")
        {
            return [request.Tools[0]];
        }

        return ToolScript.Parse(request.Model) is { } script && !request.Messages.Any(m => m.Role == "tool") ? [.. script.Tools] : [];
    }

    /// <summary>
    /// Answers with tool calls as OpenAI streams them: the id and name in a first chunk per call, the <c>arguments</c>
    /// JSON split across chunks, then <c>finish_reason: "tool_calls"</c> and <c>[DONE]</c>; or one completion whose
    /// message holds the <c>tool_calls</c>.
    /// </summary>
    private async Task CallToolsAsync(HttpContext context, ReceivedRequest request, FaultMode? fault, string id, long created, List<string> tools)
    {
        var calls = tools.Select((name, index) => (Index: index, Id: $"call_{id["chatcmpl-".Length..]}_{index}", Name: name,
            Arguments: options.ToolArguments.GetValueOrDefault(name) ?? "{}")).ToList();
        if (!request.Stream)
        {
            var message = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
                })]),
            };
            await context.Response.WriteAsJsonAsync(Completion(id, created, request.Model, message, "tool_calls"), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var cancel = context.RequestAborted;
        var interval = options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.TokensPerSecond) : TimeSpan.Zero;
        foreach (var call in calls)
        {
            var opening = new JsonObject
            {
                ["index"] = call.Index,
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
            };
            var first = new JsonObject { ["tool_calls"] = new JsonArray(opening) };
            if (call.Index == 0)
            {
                first["role"] = "assistant";
                first["content"] = null;
            }

            await SendAsync(context, Chunk(id, created, request.Model, first, null), cancel);
            var size = Math.Max(1, options.ToolArgumentChunkCharacters);
            for (var i = 0; i < call.Arguments.Length; i += size)
            {
                if (request.TokensSent == options.TokensBeforeFault && await BreakAsync(context, fault, cancel))
                {
                    return;
                }

                if (interval > TimeSpan.Zero)
                {
                    await Task.Delay(interval, cancel);
                }

                var piece = call.Arguments.Substring(i, Math.Min(size, call.Arguments.Length - i));
                var part = new JsonObject { ["index"] = call.Index, ["function"] = new JsonObject { ["arguments"] = piece } };
                await SendAsync(context, Chunk(id, created, request.Model, new JsonObject { ["tool_calls"] = new JsonArray(part) }, null), cancel);
                request.TokensSent++;
            }
        }

        await SendAsync(context, Chunk(id, created, request.Model, [], "tool_calls"), cancel);
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

    private static JsonObject Completion(string id, long created, string model, JsonObject message, string finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
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
