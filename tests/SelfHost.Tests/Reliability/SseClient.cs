using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>Reads a run's Server-Sent Events as a browser's <c>EventSource</c> would, optionally from a <c>Last-Event-ID</c>.</summary>
internal static class SseClient
{
    /// <summary>
    /// Opens the run's SSE stream and reads frames until the stream ends, <paramref name="take"/> frames have arrived
    /// (then the connection is dropped, as a client that goes away), or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<IReadOnlyList<SseItem<string>>> ReadAsync(
        HttpClient client, string runId, long? lastEventId = null, int take = int.MaxValue, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/analyses/{runId}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        var frames = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
        {
            frames.Add(item);
            if (frames.Count >= take)
            {
                break;
            }
        }

        return frames;
    }

    /// <summary>The seq of each frame, read from its <c>id:</c> line, checked against its data.</summary>
    public static long[] Seqs(IEnumerable<SseItem<string>> frames) =>
        [.. frames.Select(f =>
        {
            var seq = long.Parse(f.EventId!, System.Globalization.CultureInfo.InvariantCulture);
            using var data = JsonDocument.Parse(f.Data);
            Assert.Equal(seq, data.RootElement.GetProperty("seq").GetInt64());
            Assert.Equal(f.EventType, data.RootElement.GetProperty("type").GetString());
            return seq;
        })];
}
