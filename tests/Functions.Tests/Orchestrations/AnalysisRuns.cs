using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.Functions.Tests.Orchestrations;

/// <summary>Starting the Functions app's orchestration on the test host as <c>StartAnalysisFunction</c> does, and reading its end.</summary>
internal static class AnalysisRuns
{
    /// <summary>The bundled example portfolio, <c>data/portfolios/example.json</c>, as a contract request body.</summary>
    public static string ExampleBody { get; } = File.ReadAllText(RepositoryPaths.Portfolio("example.json"));

    /// <summary>A new run id (the instance id), as the starter makes one.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary><paramref name="body"/> read by the app's own <see cref="PortfolioRequestReader"/> (the starter's validation).</summary>
    public static Task<AnalysisRequest> ReadAsync(FunctionsDurableHost host, string body, string contentType = "application/json") =>
        host.Services.GetRequiredService<PortfolioRequestReader>()
            .ReadAsync(contentType, new MemoryStream(Encoding.UTF8.GetBytes(body)), _ => null);

    /// <summary>Registers run <paramref name="runId"/> for <paramref name="owner"/> and schedules it.</summary>
    public static async Task<string> StartAsync(FunctionsDurableHost host, AnalysisRequest request, string? runId = null, string owner = "alice")
    {
        runId ??= NewId();
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

    /// <summary>The run's logged events as the contract's JSON objects, in seq order.</summary>
    public static IReadOnlyList<JsonElement> Events(FunctionsDurableHost host, string runId) =>
        [.. host.Log.Events(runId).Select(e => JsonDocument.Parse(e.Json).RootElement)];

    /// <summary>The types of the run's logged events, in seq order.</summary>
    public static IReadOnlyList<string> Types(FunctionsDurableHost host, string runId) => [.. host.Log.Events(runId).Select(e => e.Type)];

    /// <summary>A diagnostic line for an instance that did not end as expected.</summary>
    public static string Describe(FunctionsDurableHost host, OrchestrationMetadata end) =>
        $"{end.RuntimeStatus}: {end.FailureDetails}\n{string.Join('\n', host.Log.Events(end.InstanceId).Select(e => e.Json))}";
}
