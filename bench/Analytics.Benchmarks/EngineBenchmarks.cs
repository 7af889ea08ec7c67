using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Storage;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>
/// The embedded orchestration engine's cost: one orchestration of <see cref="Activities"/> no-op activities in
/// sequence, each checkpointed to SQLite before and after it runs, exactly as the fund analysis' activities are. The
/// overhead per activity is the slope: (time with 10 − time with 0) ÷ 10.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const string Name = "NoOps";
    private ServiceProvider provider = null!;
    private EmbeddedOrchestrationEngine engine = null!;
    private string directory = null!;

    /// <summary>No-op activities the orchestration calls, one after another.</summary>
    [Params(0, 10)]
    public int Activities { get; set; }

    /// <summary>An engine over a fresh SQLite file, as the self-host wires it, without a web host.</summary>
    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "engine-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = directory, EnvironmentName = "Production" });
        services.AddSingleton(Options.Create(new StorageOptions { DatabasePath = Path.Combine(directory, "engine.db") }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<OrchestrationStore>();
        services.AddSingleton<NoOpActivity>();
        services.AddSingleton(sp => new ActivityRegistry(sp)
            .Add<NoOpActivity, int, int>(NoOpActivity.Name, (a, i, ct) => a.RunAsync(i, ct)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EmbeddedOrchestrationEngine>(sp)
            .AddOrchestrator<int, int>(Name, OrchestrateAsync));
        provider = services.BuildServiceProvider();
        engine = provider.GetRequiredService<EmbeddedOrchestrationEngine>();
    }

    /// <summary>Removes the database.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Schedules one orchestration and waits for it to end.</summary>
    [Benchmark]
    public async Task Orchestration()
    {
        var id = Guid.NewGuid().ToString("N");
        engine.ScheduleNew(Name, id, "bench", Activities);
        await engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    private static async Task<int> OrchestrateAsync(IOrchestrationContext context, int activities)
    {
        var sum = 0;
        for (var i = 0; i < activities; i++)
        {
            sum += await context.CallActivityAsync<int>(NoOpActivity.Name, i);
        }

        return sum;
    }
}

/// <summary>An activity that does nothing but return its input, so only the engine's work is timed.</summary>
public sealed class NoOpActivity
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "NoOp";

    /// <summary>Returns <paramref name="input"/>.</summary>
    public Task<int> RunAsync(int input, CancellationToken cancellationToken) => Task.FromResult(input);
}
