using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Telemetry;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace PortfolioAdvisor.Tests.Telemetry;

/// <summary>
/// <see cref="MeasuredChatClient"/> over the real OpenAI client (<c>AsIChatClient()</c>) against the local model
/// server, with Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> in the same pipeline. Each test names its own model,
/// so the figures it reads (tagged <c>gen_ai.request.model</c>) are its own even with other tests running; a fault joins
/// that name with <c>|</c>.
/// </summary>
public sealed class MeasuredChatClientTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "How diversified is my portfolio?")];

    [Fact]
    public async Task StreamingReply_RecordsTimePerTokenTokensPerSecondAndTheGenAIMetricsAndSpan()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 400 });
        using var capture = new TelemetryCapture();
        var model = $"measured-{Guid.NewGuid():N}";
        using var client = Pipeline(server, model);

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(Question))
        {
            text += update.Text;
        }

        var response = await client.GetResponseAsync(Question);

        Assert.Equal(ModelServerOptions.DefaultReply, text);
        Assert.Equal(ModelServerOptions.DefaultReply, response.Text);
        var collected = capture.Collect();
        var perToken = Assert.Single(collected.Points("advisor.model.time_per_output_token", AdvisorTelemetry.RequestModel, model));
        Assert.Equal(1, perToken.GetHistogramCount());
        Assert.InRange(perToken.GetHistogramSum(), 0.0001, 1.0);
        Assert.Equal("s", collected.Unit("advisor.model.time_per_output_token"));
        var rate = Assert.Single(collected.Points("advisor.model.output_tokens_per_second", AdvisorTelemetry.RequestModel, model));
        Assert.Equal(1, rate.GetHistogramCount());
        Assert.True(rate.GetHistogramSum() > 1, $"tokens/s = {rate.GetHistogramSum()}");
        Assert.Equal("{token}/s", collected.Unit("advisor.model.output_tokens_per_second"));
        Assert.Empty(collected.Points("advisor.model.errors", AdvisorTelemetry.RequestModel, model));

        // Microsoft.Extensions.AI's OpenTelemetry client: the GenAI conventions' metrics and span attributes.
        Assert.Equal(2, collected.Points("gen_ai.client.operation.duration", AdvisorTelemetry.RequestModel, model).Sum(p => p.GetHistogramCount()));
        Assert.Equal(1, collected.Points("gen_ai.client.operation.time_to_first_chunk", AdvisorTelemetry.RequestModel, model).Sum(p => p.GetHistogramCount()));
        Assert.NotEmpty(collected.Points("gen_ai.client.token.usage", AdvisorTelemetry.RequestModel, model));
        var spans = capture.Spans().Where(s => Equals(s.GetTagItem("gen_ai.request.model"), model)).ToArray();
        Assert.Equal(2, spans.Length);
        Assert.All(spans, span => Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name")));
        Assert.Contains(spans, span => span.GetTagItem("gen_ai.usage.output_tokens") is not null);
    }

    [Theory]
    [InlineData("fault:401", "401")]
    [InlineData("fault:429", "429")]
    [InlineData("fault:500", "500")]
    [InlineData("fault:drop", "drop")]
    [InlineData("fault:reset", "drop")]
    public async Task FailedStream_CountsOneErrorOfItsKind(string fault, string kind)
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 400 });
        using var capture = new TelemetryCapture();
        var model = Unique(fault);
        using var client = Pipeline(server, model);

        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                Assert.NotNull(update);
            }
        }
        catch (Exception ex) when (ex is ClientResultException or IOException or HttpRequestException)
        {
            // 401, 429, 500 and reset throw; drop ends cleanly, without a finish reason.
        }

        var collected = capture.Collect();
        var errors = collected.Points("advisor.model.errors", AdvisorTelemetry.RequestModel, model);
        var point = Assert.Single(errors);
        Assert.Equal(kind, TelemetryCapture.Tags(point)[AdvisorTelemetry.ErrorType]);
        Assert.Equal(1, point.GetSumLong());
        Assert.Empty(collected.Points("advisor.model.time_per_output_token", AdvisorTelemetry.RequestModel, model));
    }

    [Fact]
    public async Task AbandonedStream_CountsAStall_WhenNoUpdateCameWithinTheStallLimit()
    {
        await using var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 400, TokensBeforeFault = 3 });
        using var capture = new TelemetryCapture();
        var model = Unique("fault:stall");
        var stallAfter = TimeSpan.FromMilliseconds(200);
        using var client = Pipeline(server, model, stallAfter);
        using var abandon = new CancellationTokenSource();

        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question, cancellationToken: abandon.Token))
            {
                if (update.Text.Length > 0 && ++seen == 3)
                {
                    // The caller's stall limit: it gives up once the stream has been silent this long.
                    abandon.CancelAfter(stallAfter * 2);
                }
            }
        });

        Assert.Equal(3, seen);
        var point = Assert.Single(capture.Collect().Points("advisor.model.errors", AdvisorTelemetry.RequestModel, model));
        Assert.Equal(ModelErrorKinds.Stall, TelemetryCapture.Tags(point)[AdvisorTelemetry.ErrorType]);
    }

    [Fact]
    public void ErrorKind_IsTimeout_WhenCancelledWithoutTheCallerAsking()
    {
        Assert.Equal(ModelErrorKinds.Timeout, ModelErrorKinds.Of(new TaskCanceledException("HttpClient.Timeout"), CancellationToken.None));
        Assert.Equal(ModelErrorKinds.Cancelled, ModelErrorKinds.Of(new OperationCanceledException(), new CancellationToken(canceled: true)));
        Assert.Equal(ModelErrorKinds.Malformed, ModelErrorKinds.Of(new InvalidOperationException("bad chunk", new System.Text.Json.JsonException()), CancellationToken.None));
        Assert.Equal(typeof(ArgumentException).FullName, ModelErrorKinds.Of(new ArgumentException("x"), CancellationToken.None));
    }

    /// <summary>A model name of this test's own that still asks the model server for <paramref name="fault"/>: the advisor's tests, running alongside, ask for the same faults.</summary>
    private static string Unique(string fault) => $"measured-{Guid.NewGuid():N}|{fault}";

    private static IChatClient Pipeline(ModelServerHost server, string model, TimeSpan? stallAfter = null)
    {
        var options = new OpenAIClientOptions { Endpoint = server.ApiBaseUrl, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        var inner = new ChatClient(model, new ApiKeyCredential("sk-test"), options).AsIChatClient();
        return new ChatClientBuilder(inner)
            .UseOpenTelemetry()
            .Use(next => new MeasuredChatClient(next, stallAfter: stallAfter))
            .Build();
    }
}
