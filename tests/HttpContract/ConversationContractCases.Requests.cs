using System.Text;
using System.Text.Json;
using PortfolioAdvisor.Http;
using Xunit;

namespace PortfolioAdvisor.HttpContract;

/// <content>How the cases start analyses, ask questions and read runs through <see cref="SendAsync"/>.</content>
public abstract partial class ConversationContractCases
{
    /// <summary>Starts an analysis of <paramref name="portfolio"/> (the example by default), waits for it to complete, and returns its id.</summary>
    protected async Task<string> CompletedAnalysisAsync(string? portfolio = null)
    {
        var start = await SendAsync(new ContractRequest("POST", "/api/analyses") { ContentType = "application/json", Body = Encoding.UTF8.GetBytes(portfolio ?? ExampleJson) });
        Assert.True(start.Status == 202, start.Body);
        var id = Json(start).GetProperty("id").GetString()!;
        Assert.Equal(RuntimeStatuses.Completed, (await WaitForEndAsync(id)).GetProperty("runtimeStatus").GetString());
        return id;
    }

    /// <summary>POSTs <paramref name="content"/> as a question to <paramref name="analysis"/>.</summary>
    protected Task<ContractResponse> AskAsync(string analysis, string content, string? persona = null, string? user = "alice", string query = "", string? extra = null)
    {
        var body = new Dictionary<string, string> { ["content"] = content };
        if (persona is not null)
        {
            body["persona"] = persona;
        }

        if (extra is not null)
        {
            body["padding"] = extra;
        }

        return SendAsync(new ContractRequest("POST", $"/api/analyses/{analysis}/messages{query}")
        {
            User = user,
            ContentType = "application/json",
            Body = JsonSerializer.SerializeToUtf8Bytes(body),
        });
    }

    /// <summary>Asks (asserting 202) and returns the turn's id.</summary>
    protected async Task<string> AskRunAsync(string analysis, string content, string? persona = null)
    {
        var start = await AskAsync(analysis, content, persona);
        Assert.True(start.Status == 202, start.Body);
        return Json(start).GetProperty("id").GetString()!;
    }

    /// <summary>Reads the run's SSE stream to its end (after the terminal event), then answers its status.</summary>
    protected async Task<JsonElement> WaitForEndAsync(string id)
    {
        var stream = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events") { Headers = new Dictionary<string, string> { ["Accept"] = "text/event-stream" } });
        Assert.Equal(200, stream.Status);
        return await StatusAsync(id);
    }

    /// <summary>The run's status body.</summary>
    protected async Task<JsonElement> StatusAsync(string id)
    {
        var status = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}"));
        Assert.True(status.Status == 200, status.Body);
        return Json(status);
    }

    /// <summary>The run's events as JSON.</summary>
    protected async Task<JsonElement[]> EventsAsync(string id)
    {
        var answer = await SendAsync(new ContractRequest("GET", $"/api/analyses/{id}/events"));
        Assert.True(answer.Status == 200, answer.Body);
        return [.. Json(answer).EnumerateArray()];
    }

    /// <summary>The body as JSON.</summary>
    protected static JsonElement Json(ContractResponse answer) => JsonDocument.Parse(answer.Body).RootElement.Clone();
}
