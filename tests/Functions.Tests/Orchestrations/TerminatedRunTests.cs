extern alias ModelServer;

using System.Text.Json;
using Microsoft.DurableTask.Client;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Functions.Tests.Http;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

/// <summary>
/// The Functions app's terminate, mid-stream, on the Durable engine: <c>run_terminated</c> is logged first, the
/// streaming advisor activity stops at its next frame, Durable terminates the instance, and the status serves the
/// partial output.
/// </summary>
public sealed class TerminatedRunTests(TerminatedRunTests.SlowModelHost host) : IClassFixture<TerminatedRunTests.SlowModelHost>
{
    [Fact]
    public async Task Terminate_MidStream_EndsTerminatedWithThePartialReply()
    {
        var id = await AnalysisRuns.StartAsync(host, await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody));
        await WaitForAsync(host, id, events => events.Count(e => e.Type == EventTypes.Token) >= 3, TimeSpan.FromSeconds(60));

        var terminate = await FunctionsHttp.SendAsync(host, new ContractRequest("POST", $"/api/analyses/{id}/terminate?reason=enough"));
        Assert.Equal(202, terminate.Status);

        var end = await AnalysisRuns.WaitAsync(host, id, TimeSpan.FromSeconds(30));
        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, AnalysisRuns.Describe(host, end));
        var advisor = host.Invocations.Of(id).Single(a => a.Activity == nameof(AnalysisActivities.StreamAdvisorReply));
        await advisor.Ended.WaitAsync(TimeSpan.FromSeconds(30));

        var events = AnalysisRuns.Events(host, id);
        var finals = ContractRules.AssertHold(events, id, expectedTerminal: EventTypes.RunTerminated);
        Assert.Equal("enough", events[^1].GetProperty("reason").GetString());
        Assert.DoesNotContain(host.Invocations.Of(id), a => a.Activity == nameof(AnalysisActivities.CompleteRun));

        var status = await FunctionsHttp.SendAsync(host, new ContractRequest("GET", $"/api/analyses/{id}"));
        Assert.Equal(200, status.Status);
        var body = JsonDocument.Parse(status.Body).RootElement;
        Assert.Equal("Terminated", body.GetProperty("runtimeStatus").GetString());
        var advice = body.GetProperty("output").GetProperty("advice");
        Assert.True(advice.GetProperty("partial").GetBoolean());
        Assert.Equal(SlowModelHost.Model, advice.GetProperty("model").GetString());
        // The messages as a client shows them: each finished one, then the deltas of the one the stop cut short.
        var tokens = events.Where(e => e.GetProperty("type").GetString() == EventTypes.Token).ToArray();
        var finished = events.Where(e => e.GetProperty("type").GetString() == EventTypes.Message).Select(e => e.GetProperty("messageId").GetString()).ToHashSet();
        var cut = string.Concat(tokens.Where(e => !finished.Contains(e.GetProperty("messageId").GetString())).Select(e => e.GetProperty("delta").GetString()));
        Assert.Equal([.. finals, .. cut.Length > 0 ? [cut] : Array.Empty<string>()], advice.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!));
        var written = string.Concat(tokens.Select(e => e.GetProperty("delta").GetString()));
        Assert.StartsWith(written, ModelServerOptions.DefaultReply + "\n\n" + ModelServerOptions.DefaultReply, StringComparison.Ordinal);
        Assert.Equal(10, body.GetProperty("output").GetProperty("holdings").GetArrayLength());
    }

    private static async Task WaitForAsync(FunctionsDurableHost host, string id, Func<IReadOnlyList<StoredEvent>, bool> condition, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(StoredEvent appended)
        {
            if (appended.RunId == id && condition(host.Log.Events(id)))
            {
                reached.TrySetResult();
            }
        }

        host.Log.Appended += Check;
        try
        {
            if (condition(host.Log.Events(id)))
            {
                return;
            }

            await reached.Task.WaitAsync(timeout);
        }
        finally
        {
            host.Log.Appended -= Check;
        }
    }

    /// <summary>The app with its advisor on the local model server, streaming a long reply at 40 tokens per second.</summary>
    public sealed class SlowModelHost : FunctionsDurableHost
    {
        /// <summary>The model name: the server's long reply (the default reply repeated).</summary>
        public const string Model = "fault:long";

        private ModelServerHost? server;
        private readonly Dictionary<string, string?> settings = new(TestDefaults);

        /// <inheritdoc />
        public override IReadOnlyDictionary<string, string?> Settings => settings;

        /// <inheritdoc />
        public override async Task InitializeAsync()
        {
            server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 40, LongReplyRepeat = 20 });
            settings["Advisor:Endpoint"] = server.ApiBaseUrl.ToString();
            settings["Advisor:Model"] = Model;
            settings["Advisor:ApiKey"] = "sk-functions-tests";
            await base.InitializeAsync();
        }

        /// <inheritdoc />
        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
