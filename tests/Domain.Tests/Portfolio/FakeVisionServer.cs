using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortfolioAdvisor.Tests.Portfolio;

/// <summary>
/// A tiny OpenAI-compatible chat-completions server on 127.0.0.1 that records each request and answers a
/// non-streaming <c>chat.completion</c> whose message content is <see cref="Content"/> (or <see cref="FailWith"/>).
/// </summary>
internal sealed class FakeVisionServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeVisionServer(WebApplication app) => this.app = app;

    public string Content { get; set; } = """{"holdings":[]}""";

    public int? FailWith { get; set; }

    public List<JsonNode> Requests { get; } = [];

    public Uri Endpoint => new(app.Urls.First() + "/v1");

    public static async Task<FakeVisionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeVisionServer(app);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        return server;
    }

    private async Task<IResult> AnswerAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) ?? throw new InvalidOperationException("empty request");
        lock (Requests)
        {
            Requests.Add(body);
        }

        if (FailWith is { } status)
        {
            return Results.Json(new { error = new { message = "boom", type = "invalid_request_error" } }, statusCode: status);
        }

        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_759_300_000,
            ["model"] = body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        };
        return Results.Text(completion.ToJsonString(), "application/json");
    }

    /// <summary>The data URL of the first image part of the last request's user message, or null.</summary>
    public string? LastImageUrl() =>
        Requests[^1]["messages"]!.AsArray()
            .SelectMany(m => m!["content"] is JsonArray parts ? parts : [])
            .FirstOrDefault(p => p!["type"]?.GetValue<string>() == "image_url")?["image_url"]?["url"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static string Answer(params object[] holdings) => JsonSerializer.Serialize(new { holdings });
}
