using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>What a client of the conversation routes does: ask a question, read the transcript.</summary>
internal static class ConversationClient
{
    /// <summary>The example portfolio of the shared folder.</summary>
    public static string Example => File.ReadAllText(RepositoryPaths.Portfolio("example.json"));

    /// <summary>POSTs <paramref name="content"/> as a question to <paramref name="analysis"/>.</summary>
    public static Task<HttpResponseMessage> AskAsync(HttpClient client, string analysis, string content, string query = "") =>
        client.PostAsJsonAsync($"api/analyses/{analysis}/messages{query}", new { content });

    /// <summary>Asks and returns the turn's id (asserting 202).</summary>
    public static async Task<string> AskRunAsync(HttpClient client, string analysis, string content, string query = "")
    {
        using var response = await AskAsync(client, analysis, content, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Starts an analysis of the example and waits until it completes.</summary>
    public static async Task<string> CompletedAnalysisAsync(HttpClient client, TimeSpan? timeout = null)
    {
        var id = await RunClient.StartRunAsync(client, Example);
        var status = await RunClient.WaitForEndAsync(client, id, timeout);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        return id;
    }

    /// <summary>The questions of the transcript, in order.</summary>
    public static async Task<string[]> QuestionsAsync(HttpClient client, string analysis)
    {
        var transcript = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{analysis}/messages");
        return [.. transcript.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()!)];
    }
}
