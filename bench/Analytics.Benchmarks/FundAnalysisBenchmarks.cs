using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>
/// One fund analysis of the bundled <c>data/portfolios/example.json</c> on the embedded engine as the self-host wires it
/// (SQLite history and event log, the real convert, risk, performance and recommendations activities and the
/// orchestration's output), with the advisor's reply replaced by a fixed one so only the per-run fixed cost is timed.
/// Allocated bytes per run (process-wide, every thread) is the figure that other load on the machine does not disturb;
/// the cleanup also prints the process CPU time per run (all threads, after 30 warm-up runs; BenchmarkDotNet's own pilot and warm-up included), which wall time is not.
/// </summary>
[MemoryDiagnoser]
public class FundAnalysisBenchmarks
{
    private const int WarmUpRuns = 30;
    private IHost host = null!;
    private EmbeddedOrchestrationEngine engine = null!;
    private AnalysisRequest request = null!;
    private string directory = null!;
    private TimeSpan cpuAtStart;
    private int runs;

    /// <summary>A host over a fresh SQLite file with the bundled market data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "analysis-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = Path.Combine(directory, "analysis.db"),
        });
        builder.Services.AddSignalR();
        builder.AddMarketData();
        builder.AddAdvisor();
        builder.Services.AddSingleton<IAdvisor, FixedAdvisor>();
        builder.AddEmbeddedOrchestration();
        host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        engine = host.Services.GetRequiredService<EmbeddedOrchestrationEngine>();
        var example = Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json");
        request = JsonSerializer.Deserialize<AnalysisRequest>(File.ReadAllText(example), ActivityRegistry.Json)!;

        // Warm-up before the CPU clock starts, so the JIT's first compilations are not charged to the runs.
        for (var i = 0; i < WarmUpRuns; i++)
        {
            Analysis().GetAwaiter().GetResult();
        }

        runs = 0;
        cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Prints the CPU time per run, stops the host and removes the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        Console.WriteLine($"// FundAnalysis CPU per run: {cpu.TotalMilliseconds / Math.Max(1, runs):F3} ms over {runs} runs");
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Schedules one analysis and waits for it to end; fails when it did not complete.</summary>
    /// <exception cref="InvalidOperationException">The run did not complete.</exception>
    [Benchmark]
    public async Task Analysis()
    {
        var id = Guid.NewGuid().ToString("N");
        engine.ScheduleNew(FundAnalysisOrchestration.Name, id, "bench", new AnalysisInput(new RunContext(id, "bench"), request));
        await engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
        runs++;
        var status = host.Services.GetRequiredService<OrchestrationStore>().Find(id)?.Status;
        if (status != Http.RuntimeStatuses.Completed)
        {
            throw new InvalidOperationException($"Run {id} ended {status ?? "nowhere"}, not Completed.");
        }
    }

    /// <summary>The advisor node without its model: a fixed two-message reply, no token events.</summary>
    private sealed class FixedAdvisor : IAdvisor
    {
        public Task<AdviceResult> WriteReplyAsync(AdvisorInput input, CancellationToken cancellationToken = default) =>
            Task.FromResult(new AdviceResult(input.Persona, "fixed", ["The portfolio is diversified.", "Nothing to change."]));
    }
}
