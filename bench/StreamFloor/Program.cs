// The floor under the self-host's CPU per delivered token: this process only reads model streams, the same ones the
// self-host reads in bench/issue15.sh's steady state (N streams started at once, one token per network write), and
// prints the CPU it spent per token read between two instants of the round, counted from /proc as the bench counts the
// host's. Nothing is sent on: whatever the host spends above these figures is its own work (the advisor, coalescing,
// the event log, the hub), below them is the price of a token arriving in a write of its own on this machine.
//
//   node bench/js/model-server.mjs --port 5301 &
//   dotnet bench/StreamFloor/bin/Release/net10.0/PortfolioAdvisor.StreamFloor.dll --mode raw|client \
//     [--model http://127.0.0.1:5301] [--streams 100] [--tokens 750] [--rate 50] [--window 4,13] [--tokens-per-write 1] [--rounds 2]
//     [--gather-ms 0]
//
// raw: HttpClient and System.Net.ServerSentEvents' SseParser, each chunk's delta text read with a Utf8JsonReader; with
//      --gather-ms, the response is read at most once per that many ms (what arrived meanwhile is read at once).
// client: the self-host's model client (OpenAIChatClientFactory: TextStreamingChatClient, Microsoft.Extensions.AI's
//         OpenTelemetry client, MeasuredChatClient) with the self-host's OpenTelemetry listening, as the advisor reads it.
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Benchmarks.StreamFloor;
using PortfolioAdvisor.SelfHost.Telemetry;

var options = FloorOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Model), Timeout = Timeout.InfiniteTimeSpan };

// The self-host's OpenTelemetry (traces and metrics listening, no exporter unless OTEL_* says so), started in both modes
// so that they differ only in the reader; the raw reader's HttpClient is instrumented too.
var builder = Host.CreateApplicationBuilder([]);
builder.AddTelemetry();
using var host = builder.Build();
await host.StartAsync();
using var chat = OpenAIChatClientFactory.CreateChatClient(new AdvisorOptions { Endpoint = $"{options.Model}/v1", Model = "bench" });

IStreamReader reader = options.Mode switch
{
    "raw" => new RawSseReader(http, TimeSpan.FromMilliseconds(options.GatherMilliseconds)),
    "client" => new ChatClientReader(chat),
    _ => throw new ArgumentException($"--mode must be raw or client, not {options.Mode}"),
};

// Warm-up: JIT and tiering done before a round is measured, as the bench warms the host.
await Configure(http, tokens: 100, rate: 100, options.TokensPerWrite);
for (var pass = 0; pass < 4; pass++)
{
    await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => reader.ReadAsync(new TokenCounter())));
}

Console.WriteLine($"mode {options.Mode}, {options.Streams} streams × {options.Tokens} tokens at {options.Rate}/s, {options.TokensPerWrite} per write, gather {options.GatherMilliseconds} ms, window {options.WindowFrom}–{options.WindowTo} s");
for (var round = 1; round <= options.Rounds; round++)
{
    await Configure(http, options.Tokens, options.Rate, options.TokensPerWrite);
    (await http.PostAsync("/reset", null)).Dispose();
    var counter = new TokenCounter();
    var streams = Task.WhenAll(Enumerable.Range(0, options.Streams).Select(_ => reader.ReadAsync(counter)));
    var started = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(options.WindowFrom));
    var (cpu0, tokens0) = (ProcessCpu.Seconds(), counter.Count);
    await Task.Delay(TimeSpan.FromSeconds(options.WindowTo - options.WindowFrom));
    var (cpu1, tokens1) = (ProcessCpu.Seconds(), counter.Count);
    await streams;
    var tokens = tokens1 - tokens0;
    var (user, system) = (cpu1.User - cpu0.User, cpu1.System - cpu0.System);
    Console.WriteLine($"round {round}: {tokens} tokens in the window, {user + system:F2} s CPU, {(user + system) / tokens * 1e6:F1} µs per token " +
        $"({user / tokens * 1e6:F1} user, {system / tokens * 1e6:F1} system); {counter.Count} tokens in {started.Elapsed.TotalSeconds:F1} s");
}

await host.StopAsync();

static async Task Configure(HttpClient http, int tokens, int rate, int perWrite)
{
    using var response = await http.PostAsJsonAsync("/config", new { tokens, tokensPerSecond = rate, tokensPerWrite = perWrite });
    response.EnsureSuccessStatusCode();
}
