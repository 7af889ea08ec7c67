using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// One browser tab's hub connection: negotiate as <c>user</c>, then the SignalR JSON hub protocol over a WebSocket
/// (handshake, then records ending in 0x1E), collecting every <c>runEvent</c>. Written here because the .NET SignalR
/// client is not among the project's packages and the listening half of the protocol is this small; the real
/// <c>@microsoft/signalr</c> client is exercised by tests/js.
/// </summary>
internal sealed class HubListener : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket socket = new();
    private readonly List<JsonElement> events = [];
    private readonly CancellationTokenSource stop = new();
    private Task receiving = Task.CompletedTask;

    // Completed (and replaced) whenever events arrive, so a waiter looks again only when there is something new.
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The <c>runEvent</c> arguments received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    /// <summary>Negotiates as <paramref name="user"/> and opens the hub connection.</summary>
    public static async Task<HubListener> ConnectAsync(Uri baseAddress, string user)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("x-ms-client-principal-id", user);
        using var negotiate = await http.PostAsync("api/negotiate", null);
        negotiate.EnsureSuccessStatusCode();
        var redirect = await negotiate.Content.ReadFromJsonAsync<JsonElement>();
        var hubUrl = redirect.GetProperty("url").GetString()!.Replace("http://", "ws://", StringComparison.Ordinal);
        var token = Uri.EscapeDataString(redirect.GetProperty("accessToken").GetString()!);

        var listener = new HubListener();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await listener.socket.ConnectAsync(new Uri($"{hubUrl}?access_token={token}"), timeout.Token);
        await listener.SendAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator, timeout.Token);
        var handshake = await listener.ReceiveRecordsAsync(new StringBuilder(), timeout.Token);
        Assert.True(handshake[0] == "{}", $"hub handshake failed: {string.Join("", handshake)}");

        // The server may send the first events right behind the handshake response, in the same read.
        listener.Record(handshake.Skip(1));
        listener.receiving = Task.Run(() => listener.ReceiveLoopAsync());
        return listener;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the events received, at most <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            IReadOnlyList<JsonElement> received;
            lock (events)
            {
                received = [.. events];
                next = arrived.Task;
            }

            if (condition(received))
            {
                return;
            }

            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the hub connection did not receive the expected events in {timeout.TotalSeconds} s ({Events.Count} received)");
            }
        }
    }

    /// <summary>Drops the connection without a close handshake, as a tab that is closed or loses its network.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Abort();
        await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        stop.Dispose();
    }

    private Task SendAsync(string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task ReceiveLoopAsync()
    {
        var pending = new StringBuilder();
        while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            IReadOnlyList<string> records;
            try
            {
                records = await ReceiveRecordsAsync(pending, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                return;
            }

            Record(records);
        }
    }

    private void Record(IEnumerable<string> records)
    {
        var received = new List<JsonElement>();
        foreach (var record in records)
        {
            using var document = JsonDocument.Parse(record);
            var message = document.RootElement;
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == "runEvent")
            {
                received.Add(message.GetProperty("arguments")[0].Clone());
            }
        }

        if (received.Count == 0)
        {
            return;
        }

        TaskCompletionSource signal;
        lock (events)
        {
            events.AddRange(received);
            signal = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    /// <summary>Reads frames until at least one whole record has arrived; returns the whole records.</summary>
    private async Task<IReadOnlyList<string>> ReceiveRecordsAsync(StringBuilder pending, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by the server");
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            var text = pending.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end >= 0)
            {
                pending.Clear().Append(text[(end + 1)..]);
                return text[..end].Split(RecordSeparator);
            }
        }
    }
}
