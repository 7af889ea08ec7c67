using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// Clients come and go: a client that drops and reconnects gets exactly the events it missed, every tab of the owner
/// receives the live stream, another user's tabs receive nothing, and no disconnect ends a run.
/// </summary>
public sealed class ClientReconnectTests : IDisposable
{
    // The offline advisor at 60 words per second: a reply of a few seconds, long enough to drop and come back mid-stream.
    private readonly SelfHostFactory factory = new(new Dictionary<string, string?> { ["Advisor:OfflineTokensPerSecond"] = "60" });

    [Fact]
    public async Task Sse_ClientThatDropsMidStream_GetsExactlyTheMissedEvents_When_ItReconnectsWithLastEventId()
    {
        using var client = factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        var seen = new List<long>();

        // Three visits, each dropped after a few frames, the last one read to the end of the stream.
        long? last = null;
        foreach (var take in new[] { 4, 15, int.MaxValue })
        {
            var frames = await SseClient.ReadAsync(client, id, last, take);
            seen.AddRange(SseClient.Seqs(frames));
            last = seen[^1];
            if (take < int.MaxValue)
            {
                Assert.Equal("Running", (await client.GetFromJsonAsync<JsonElement>($"api/analyses/{id}")).GetProperty("runtimeStatus").GetString());
            }

            await Task.Delay(150);
        }

        var status = await RunClient.WaitForEndAsync(client, id);
        var all = await RunClient.EventsAsync(client, id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        ContractRules.AssertHold(all, id);
        Assert.Equal(all.Select(e => e.Seq()), seen);
    }

    [Fact]
    public async Task EventsAfter_ReturnsExactlyTheEventsMissed_When_AClientPollsFromItsLastSeq()
    {
        using var client = factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        var seen = new List<JsonElement>();
        var polls = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count == 0 || seen[^1].Type() is not ("run_completed" or "run_failed" or "run_terminated"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not end in time");
            seen.AddRange(await RunClient.EventsAsync(client, id, after: seen.Count == 0 ? 0 : seen[^1].Seq()));
            polls++;
            await Task.Delay(40);
        }

        var all = await RunClient.EventsAsync(client, id);
        Assert.True(polls > 3, "the client caught up several times mid-run");
        Assert.Equal(all.Select(e => e.GetRawText()), seen.Select(e => e.GetRawText()));
        ContractRules.AssertHold(seen, id);
    }

    [Fact]
    public async Task TwoTabsOfTheOwner_BothReceiveTheLiveStream_And_AnotherUsersTabReceivesNone()
    {
        await using var first = await HubListener.ConnectAsync(factory.BaseAddress, "alice");
        await using var second = await HubListener.ConnectAsync(factory.BaseAddress, "alice");
        await using var stranger = await HubListener.ConnectAsync(factory.BaseAddress, "mallory");
        using var client = factory.CreateUserClient("alice");

        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("xiaomei"));
        await first.WaitForAsync(Ended(id), TimeSpan.FromSeconds(30));
        await second.WaitForAsync(Ended(id), TimeSpan.FromSeconds(30));
        await Task.Delay(300);

        // Compared as JSON values: the hub protocol may escape characters differently from the log's text.
        var all = (await RunClient.EventsAsync(client, id)).Select(Normalized).ToArray();
        Assert.Equal(all, first.Events.Where(e => e.GetProperty("runId").GetString() == id).Select(Normalized));
        Assert.Equal(all, second.Events.Where(e => e.GetProperty("runId").GetString() == id).Select(Normalized));
        Assert.Empty(stranger.Events);
    }

    [Fact]
    public async Task Disconnects_NeverEndARun_And_ATabThatComesBackCatchesUpToOneCoherentTranscript()
    {
        using var client = factory.CreateUserClient("bob");
        var tab = await HubListener.ConnectAsync(factory.BaseAddress, "bob");
        var id = await RunClient.StartRunAsync(client, ModelBackedHost.Example("analyst"));
        await tab.WaitForAsync(events => events.Count(e => e.Type() == "token") >= 3, TimeSpan.FromSeconds(30));
        var sse = await SseClient.ReadAsync(client, id, take: 2);
        await tab.DisposeAsync();
        var before = tab.Events.Where(e => e.GetProperty("runId").GetString() == id).ToList();

        await using var back = await HubListener.ConnectAsync(factory.BaseAddress, "bob");
        var missed = await RunClient.EventsAsync(client, id, after: before[^1].Seq());
        await back.WaitForAsync(Ended(id), TimeSpan.FromSeconds(30));

        Assert.Equal(2, sse.Count);
        var status = await RunClient.WaitForEndAsync(client, id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var transcript = before.Concat(missed).Concat(back.Events.Where(e => e.Seq() > (missed.Length > 0 ? missed[^1].Seq() : before[^1].Seq())))
            .Where(e => e.GetProperty("runId").GetString() == id).ToList();
        // As the web client does on a seq gap (web/js/run-state.js): SignalR answers the handshake before the hub's
        // OnConnectedAsync puts the connection in its user's group, so an event logged between the catch-up read above and
        // that moment reaches the tab only by reading again after the gap.
        var unbroken = transcript.TakeWhile((e, i) => e.Seq() == transcript[0].Seq() + i).ToList();
        if (unbroken.Count < transcript.Count)
        {
            transcript = [.. unbroken, .. await RunClient.EventsAsync(client, id, after: unbroken[^1].Seq())];
        }

        ContractRules.AssertHold(transcript, id);
        Assert.Equal(status.AdviceMessages(), ContractRules.AssertHold(transcript, id));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("activeConnections").GetInt32() != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dropped tab's connection is let go; the tab that came back stays");
            await Task.Delay(20);
        }
    }

    public void Dispose() => factory.Dispose();

    private static string Normalized(JsonElement e) =>
        JsonSerializer.Serialize(e, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static Func<IReadOnlyList<JsonElement>, bool> Ended(string id) =>
        events => events.Any(e => e.GetProperty("runId").GetString() == id && e.Type() is "run_completed" or "run_failed" or "run_terminated");
}
