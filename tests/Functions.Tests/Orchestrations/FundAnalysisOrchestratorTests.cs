using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Functions.Tests.Http;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

/// <summary>
/// The Functions app's orchestrator and activities under the real Durable Task engine: replay, serialization (the
/// Functions worker's) and retries are Durable's; the analysis is the Domain's.
/// </summary>
public sealed class FundAnalysisOrchestratorTests(FunctionsDurableHost host) : IClassFixture<FunctionsDurableHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // The output as each host's status route serves it: the self-host's from its embedded engine over SQLite, the
    // Functions app's from Durable's stored output read back through the worker's serializer.
    [Fact]
    public async Task Run_OutputsWhatTheSelfHostOutputs_When_BothAnalyseTheSameBody()
    {
        var id = await AnalysisRuns.StartAsync(host, await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody));
        using var selfHost = new SelfHostRun();
        var reference = await selfHost.RunAsync(AnalysisRuns.ExampleBody, Timeout);
        var end = await AnalysisRuns.WaitAsync(host, id, Timeout);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        Assert.Equal("Completed", reference["runtimeStatus"]!.GetValue<string>());
        var answer = await FunctionsHttp.SendAsync(host, new ContractRequest("GET", $"/api/analyses/{id}"));
        Assert.Equal(200, answer.Status);
        var status = JsonNode.Parse(answer.Body)!;
        Assert.Equal("Completed", status["runtimeStatus"]!.GetValue<string>());
        var output = status["output"]!;
        Assert.True(
            JsonNode.DeepEquals(reference["output"], output),
            $"self-host:\n{reference["output"]!.ToJsonString()}\nfunctions:\n{output.ToJsonString()}");
        Assert.Equal(10, output["holdings"]!.AsArray().Count);
        Assert.NotEmpty(output["advice"]!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Run_LogsTheContractsEventsAndPushesEachOnce_When_NothingFails()
    {
        var id = await AnalysisRuns.StartAsync(host, await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody));
        var end = await AnalysisRuns.WaitAsync(host, id, Timeout);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        ContractRules.AssertHold(AnalysisRuns.Events(host, id), id);
        Assert.Equal(
            host.Log.Events(id).Select(e => e.Seq),
            host.Publisher.Published.Where(p => p.Event.RunId == id).Select(p => { Assert.Equal("alice", p.OwnerId); return p.Event.Seq; }));
        Assert.Equal(
            [nameof(AnalysisActivities.ConvertPortfolio), nameof(AnalysisActivities.BuildRecommendations), nameof(AnalysisActivities.StreamAdvisorReply), nameof(AnalysisActivities.CompleteRun)],
            host.Invocations.Of(id).Select(a => a.Activity).Where(a => a is not (nameof(AnalysisActivities.ComputeRiskMetrics) or nameof(AnalysisActivities.MeasurePerformance))));
        Assert.Equal(6, host.Invocations.Of(id).Count);
        var progress = end.ReadCustomStatusAs<RunProgress>()!;
        Assert.Equal(AnalysisNodes.All, progress.CompletedNodes);
        Assert.Equal(100, progress.Percent);
    }

    [Fact]
    public async Task Run_CompletesGapFree_When_DurableRetriesActivitiesThatFailedOnce()
    {
        // Risk fails after its body ran (its events logged, its result lost: a worker that died before reporting);
        // recommendations fails before its body. FundAnalysisOrchestration.NodeRetry makes Durable run each again.
        var id = AnalysisRuns.NewId();
        host.Invocations.FailNext(id, nameof(AnalysisActivities.ComputeRiskMetrics), afterBody: true);
        host.Invocations.FailNext(id, nameof(AnalysisActivities.BuildRecommendations), afterBody: false);
        await AnalysisRuns.StartAsync(host, await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody), id);
        var end = await AnalysisRuns.WaitAsync(host, id, Timeout);

        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, AnalysisRuns.Describe(host, end));
        var attempts = host.Invocations.Of(id).GroupBy(a => a.Activity).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, attempts[nameof(AnalysisActivities.ComputeRiskMetrics)]);
        Assert.Equal(2, attempts[nameof(AnalysisActivities.BuildRecommendations)]);
        Assert.Equal(1, attempts[nameof(AnalysisActivities.MeasurePerformance)]);
        var events = AnalysisRuns.Events(host, id);
        ContractRules.AssertHold(events, id);
        foreach (var type in new[] { EventTypes.NodeStarted, EventTypes.NodeCompleted })
        {
            Assert.Equal(AnalysisNodes.All.Order(), events.Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("node").GetString()).Order());
        }

        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == EventTypes.Error);
        Assert.NotNull(end.ReadOutputAs<AnalysisOutput>());
    }
}
