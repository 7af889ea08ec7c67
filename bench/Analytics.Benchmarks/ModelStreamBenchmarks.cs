using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Telemetry;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>
/// What reading one streamed reply of <see cref="Tokens"/> chunks costs in each layer of the model client stack, with the
/// network taken away: the response body is the benchmark model server's SSE (bench/js/model-server.mjs), served from
/// memory by an <see cref="HttpMessageHandler"/>. Divide a row's time by <see cref="Tokens"/> for the cost per token.
/// </summary>
[MemoryDiagnoser]
public class ModelStreamBenchmarks
{
    private static readonly AdvisorOptions Settings = new() { Endpoint = "http://model.invalid/v1", Model = "bench" };
    private byte[] body = [];
    private ChatClient sdk = null!;
    private IChatClient pipeline = null!;
    private OpenAIChatModel model = null!;
    private ActivityListener? activities;
    private MeterListener? meters;

    /// <summary>Chunks in the reply, one token each.</summary>
    [Params(200)]
    public int Tokens { get; set; }

    /// <summary>Whether something listens to the GenAI activity source and meters, as the self-host's OpenTelemetry does.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sse = new StringBuilder();
        for (var k = 0; k < Tokens; k++)
        {
            sse.Append("data: {\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"bench\",\"system_fingerprint\":null,")
               .Append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").Append(k == 0 ? "" : " ").Append("r1k").Append(k)
               .Append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }

        sse.Append("data: {\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"bench\",\"system_fingerprint\":null,")
           .Append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        body = Encoding.UTF8.GetBytes(sse.ToString());
        var transport = new HttpClientPipelineTransport(new HttpClient(new MemoryHandler(() => body)));
        sdk = new ChatClient("bench", new ApiKeyCredential("k"), new OpenAIClientOptions
        {
            Endpoint = new Uri(Settings.Endpoint!), Transport = transport, RetryPolicy = new ClientRetryPolicy(0),
        });
        pipeline = OpenAIChatClientFactory.CreateChatClient(sdk, Settings);
        model = new OpenAIChatModel(pipeline, Options.Create(Settings));
        if (Listening)
        {
            activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AdvisorTelemetry.GenAISourceName || source.Name == AdvisorTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(activities);
            meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
            meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            meters.SetMeasurementEventCallback<int>((_, _, _, _) => { });
            meters.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        activities?.Dispose();
        meters?.Dispose();
    }

    /// <summary>The OpenAI package alone: its SSE reader and <c>StreamingChatCompletionUpdate</c>s.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OpenAIPackage()
    {
        var chars = 0;
        await foreach (var update in sdk.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                chars += part.Text.Length;
            }
        }

        return chars;
    }

    /// <summary>Microsoft.Extensions.AI's adapter over the package, no middleware.</summary>
    [Benchmark]
    public async Task<int> AsIChatClient()
    {
        var chars = 0;
        await foreach (var update in sdk.AsIChatClient().GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "hi")]))
        {
            chars += update.Text.Length;
        }

        return chars;
    }

    /// <summary>The process's client (<see cref="OpenAIChatClientFactory.CreateChatClient(ChatClient, AdvisorOptions)"/>): options, OpenTelemetry, <see cref="MeasuredChatClient"/>.</summary>
    [Benchmark]
    public async Task<int> Pipeline()
    {
        var chars = 0;
        await foreach (var update in pipeline.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "hi")]))
        {
            chars += update.Text.Length;
        }

        return chars;
    }

    /// <summary>The analysis advisor's port over the pipeline (<see cref="OpenAIChatModel"/>, <c>ChatClientStream</c>); the adapter reads only the turns.</summary>
    [Benchmark]
    public async Task<int> AdvisorPort()
    {
        var chars = 0;
        await foreach (var delta in model.StreamAsync(new ChatRequest(null!, null!, [new ChatTurn("user", "hi")], [])))
        {
            chars += delta.Text.Length;
        }

        return chars;
    }

    private sealed class MemoryHandler(Func<byte[]> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(body(), writable: false));
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
