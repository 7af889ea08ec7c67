using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

public sealed class SmokeTests(FunctionsDurableHost host) : IClassFixture<FunctionsDurableHost>
{
    [Fact]
    public async Task Runs()
    {
        var id = await AnalysisRuns.StartAsync(host, AnalysisRuns.Example);
        var end = await AnalysisRuns.WaitAsync(host, id);
        Assert.True(end.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{end.RuntimeStatus}: {end.FailureDetails}\n{string.Join("\n", host.Log.Events(id).Select(e => e.Json))}");
        Assert.NotNull(end.ReadOutputAs<AnalysisOutput>());
    }
}
