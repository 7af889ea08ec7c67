using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>What a script would do against the contract: start a run, poll its status, read its events.</summary>
public static class RunClient
{
    /// <summary>POSTs <paramref name="body"/> with <paramref name="contentType"/>; returns the response.</summary>
    public static Task<HttpResponseMessage> StartAsync(HttpClient client, string body, string contentType = "application/json", string query = "")
    {
        var content = new StringContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync($"api/analyses{query}", content);
    }

    /// <summary>Starts a run and returns its id (asserting 202).</summary>
    public static async Task<string> StartRunAsync(HttpClient client, string body, string contentType = "application/json", string query = "")
    {
        using var response = await StartAsync(client, body, contentType, query);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return started.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the status endpoint until the run is Completed, Failed or Terminated.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"api/analyses/{id}");
            if (status.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {id} did not end in time: {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the run's events until <paramref name="condition"/> holds (at most <paramref name="timeout"/>, default 30 s).</summary>
    public static Task<JsonElement[]> WaitForEventsAsync(HttpClient client, string id, Func<JsonElement[], bool> condition, TimeSpan? timeout = null) =>
        Eventually.ReachAsync(() => EventsAsync(client, id), condition, timeout ?? TimeSpan.FromSeconds(30), $"run {id} did not reach the expected point in time");

    /// <summary>The run's events after <paramref name="after"/>.</summary>
    public static async Task<JsonElement[]> EventsAsync(HttpClient client, string id, long after = 0) =>
        (await client.GetFromJsonAsync<JsonElement[]>($"api/analyses/{id}/events?after={after}"))!;
}
