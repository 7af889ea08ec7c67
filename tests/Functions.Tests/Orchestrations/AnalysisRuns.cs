using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

/// <summary>Starting the Functions app's orchestration on the test host, as <c>StartAnalysisFunction</c> does, and waiting for its end.</summary>
internal static class AnalysisRuns
{
    /// <summary>The bundled example portfolio (<c>data/portfolios/example.json</c>) as a validated request.</summary>
    public static AnalysisRequest Example { get; } = new(
        [
            new("VTI", 120, 25200), new("VBR", 40, 6620), new("VEA", 300, 13230), new("VWO", 150), new("BND", 250, 18200),
            new("TIP", 60), new("HYG", 80, 5940), new("VNQ", 70, 6160), new("GLD", 25, 4500), new("BIL", 100),
        ],
        Persona: "xiaomei");

    /// <summary>Registers a run for <paramref name="owner"/> and schedules it; returns its id (the instance id).</summary>
    public static async Task<string> StartAsync(FunctionsDurableHost host, AnalysisRequest request, string owner = "alice")
    {
        var runId = Guid.NewGuid().ToString("N");
        await host.Runs.RegisterAsync(runId, owner);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            FundAnalysisOrchestration.Name, new AnalysisInput(new RunContext(runId, owner), request), new StartOrchestrationOptions(runId));
        return runId;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>, default 60 s) for the instance to end; returns its metadata with input and output.</summary>
    public static async Task<OrchestrationMetadata> WaitAsync(FunctionsDurableHost host, string runId, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, limit.Token);
    }
}
