using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Functions.Activities;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Functions.Tests.Orchestrations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Activities;

/// <summary>
/// Durable runs an activity at least once: the Functions app's activity functions, run a second time with the input
/// Durable would deliver again (its serializer's round trip) after the first run logged its events, log and push
/// nothing more and give the same result.
/// </summary>
public sealed class ActivityRerunTests(FunctionsDurableHost host) : IClassFixture<FunctionsDurableHost>
{
    [Fact]
    public async Task EveryActivity_AddsNothing_When_RunAgainWithTheSameInputAfterItLogged()
    {
        var run = new RunContext(Guid.NewGuid().ToString("N"), "alice");
        await host.Runs.RegisterAsync(run.RunId, run.OwnerId);
        var nodes = ActivatorUtilities.CreateInstance<AnalysisNodeActivities>(host.Services);
        var advisor = ActivatorUtilities.CreateInstance<AdvisorActivity>(host.Services);
        var lifecycle = ActivatorUtilities.CreateInstance<RunLifecycleActivities>(host.Services);
        var request = await AnalysisRuns.ReadAsync(host, AnalysisRuns.ExampleBody);

        var portfolio = await TwiceAsync(run, new ConvertPortfolioInput(run, request.Holdings), nodes.ConvertPortfolio);
        var nodeInput = new PortfolioNodeInput(run, portfolio);
        var risk = await TwiceAsync(run, nodeInput, nodes.ComputeRiskMetrics);
        var performance = await TwiceAsync(run, nodeInput, nodes.MeasurePerformance);
        var recommendations = await TwiceAsync(run, new RecommendationsInput(run, portfolio, risk, performance, request.RiskProfile), nodes.BuildRecommendations);
        await TwiceAsync(run, new AdvisorInput(run, request.Persona, request.Language, request.RiskProfile, portfolio, risk, performance, recommendations.Items), advisor.StreamAdvisorReply);
        Assert.True(await TwiceAsync(run, run, lifecycle.CompleteRun));

        ContractRules.AssertHold(AnalysisRuns.Events(host, run.RunId), run.RunId);
        var logged = host.Log.Events(run.RunId);
        Assert.False(await lifecycle.FailRun(new FailRunInput(run, "late", "a failure after the run ended"), CancellationToken.None));
        Assert.Equal(logged, host.Log.Events(run.RunId));
    }

    private async Task<TOutput> TwiceAsync<TInput, TOutput>(RunContext run, TInput input, Func<TInput, CancellationToken, Task<TOutput>> activity)
    {
        var first = await activity(Redelivered(input), CancellationToken.None);
        var logged = host.Log.Events(run.RunId);
        var pushes = host.Publisher.Calls;
        Assert.NotEmpty(logged);

        var second = await activity(Redelivered(input), CancellationToken.None);

        Assert.Equal(logged, host.Log.Events(run.RunId));
        Assert.Equal(pushes, host.Publisher.Calls);
        Assert.Equal(JsonSerializer.Serialize(first, EventJson.StatusOptions), JsonSerializer.Serialize(second, EventJson.StatusOptions));
        return first;
    }

    private static T Redelivered<T>(T input) =>
        FunctionsDataConverter.Default.Deserialize<T>(FunctionsDataConverter.Default.Serialize(input))!;
}
