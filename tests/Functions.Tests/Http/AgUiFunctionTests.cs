using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.HttpContract;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary><c>POST /api/agui</c> invoked in-process on the Durable Task test host with a real <c>HttpContext</c>.</summary>
public sealed class AgUiFunctionTests(FunctionsDurableHost host) : IClassFixture<FunctionsDurableHost>
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json"));

    private static byte[] Input(string threadId, string content) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["threadId"] = threadId,
        ["runId"] = Guid.NewGuid().ToString(),
        ["messages"] = new JsonArray(new JsonObject { ["id"] = "m1", ["role"] = "user", ["content"] = content }),
        ["tools"] = new JsonArray(),
        ["context"] = new JsonArray(),
        ["state"] = new JsonObject(),
        ["forwardedProps"] = new JsonObject(),
    }.ToJsonString());

    private Task<ContractResponse> PostAsync(string user, byte[] body) =>
        FunctionsHttp.SendAsync(host, new ContractRequest("POST", "/api/agui") { User = user, Body = body, ContentType = "application/json", Headers = new Dictionary<string, string> { ["accept"] = "text/event-stream" } });

    [Fact]
    public async Task AnAnalysisRun_StreamsAgUiEvents_WithEveryStep_TheText_AndTheOutputAsStateSnapshot()
    {
        var user = $"agui-{Guid.NewGuid():N}";
        var thread = $"thread-{Guid.NewGuid():N}";

        var answer = await PostAsync(user, Input(thread, Example));

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("text/event-stream", answer.Header("content-type"), StringComparison.Ordinal);
        var events = answer.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(frame => frame.StartsWith("data: ", StringComparison.Ordinal))
            .Select(frame => JsonNode.Parse(frame["data: ".Length..])!.AsObject()).ToList();
        var types = events.Select(e => (string)e["type"]!).ToList();
        Assert.Equal("RUN_STARTED", types[0]);
        Assert.Equal(thread, (string)events[0]["threadId"]!);
        Assert.Equal("RUN_FINISHED", types[^1]);
        // risk and performance fan out on Durable, so their steps may start in either order.
        Assert.Equal(["advisor", "convert", "performance", "recommendations", "risk"], events.Where(e => (string)e["type"]! == "STEP_STARTED").Select(e => (string)e["stepName"]!).Order(StringComparer.Ordinal));
        Assert.Equal(types.Count(t => t == "STEP_STARTED"), types.Count(t => t == "STEP_FINISHED"));
        Assert.Equal(types.Count(t => t == "TEXT_MESSAGE_START"), types.Count(t => t == "TEXT_MESSAGE_END"));
        Assert.True(types.Count(t => t == "TEXT_MESSAGE_START") > 0);
        var snapshot = events.Single(e => (string)e["type"]! == "STATE_SNAPSHOT")["snapshot"]!;
        var analysisId = (string)snapshot["analysisId"]!;
        Assert.Equal(analysisId, (string)events[^1]["result"]!["runId"]!);
        Assert.Equal("USD", (string)snapshot["output"]!["baseCurrency"]!);

        var status = await FunctionsHttp.SendAsync(host, new ContractRequest("GET", $"/api/analyses/{analysisId}") { User = user });
        var output = JsonDocument.Parse(status.Body).RootElement.GetProperty("output");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output.GetRawText()), snapshot["output"]), "the snapshot is the status output");

        var stranger = await PostAsync($"stranger-{Guid.NewGuid():N}", Input(thread, "What if I sell 20 VTI?"));
        Assert.Equal(404, stranger.Status);
        Assert.StartsWith("application/problem+json", stranger.Header("content-type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_IsProblemDetails_NamingTheFields()
    {
        var answer = await PostAsync($"agui-{Guid.NewGuid():N}", Encoding.UTF8.GetBytes("""{"messages":"no"}"""));

        Assert.Equal(400, answer.Status);
        var errors = JsonDocument.Parse(answer.Body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("threadId", out _) && errors.TryGetProperty("runId", out _) && errors.TryGetProperty("messages", out _));
    }
}
