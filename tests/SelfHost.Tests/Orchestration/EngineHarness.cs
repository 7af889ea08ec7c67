using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Storage;

namespace PortfolioAdvisor.SelfHost.Tests.Orchestration;

/// <summary>
/// An embedded engine over a SQLite file, with a small orchestration of its own: A, then B and C in parallel, then D.
/// Two harnesses over one file stand for one host before and after a crash.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Name = "TestOrchestration";

    private readonly ServiceProvider provider;

    public EngineHarness(string databasePath, TestActivities activities, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => { if (logs is not null) { b.AddProvider(logs); } });
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment());
        services.AddSingleton(Options.Create(new StorageOptions { DatabasePath = databasePath }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<OrchestrationStore>();
        services.AddSingleton(activities);
        services.AddSingleton(sp => new ActivityRegistry(sp)
            .Add<TestActivities, string, string>("A", (a, i, ct) => a.RunAsync("A", i, ct))
            .Add<TestActivities, string, string>("B", (a, i, ct) => a.RunAsync("B", i, ct))
            .Add<TestActivities, string, string>("C", (a, i, ct) => a.RunAsync("C", i, ct))
            .Add<TestActivities, string, string>("D", (a, i, ct) => a.RunAsync("D", i, ct)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EmbeddedOrchestrationEngine>(sp)
            .AddOrchestrator<string, string>(Name, OrchestrateAsync));
        provider = services.BuildServiceProvider();
    }

    public EmbeddedOrchestrationEngine Engine => provider.GetRequiredService<EmbeddedOrchestrationEngine>();

    public OrchestrationStore Store => provider.GetRequiredService<OrchestrationStore>();

    public static async Task<string> OrchestrateAsync(IOrchestrationContext context, string input)
    {
        var logger = context.CreateReplaySafeLogger(Name);
        var retry = new ActivityRetryPolicy(2, TimeSpan.FromMilliseconds(10));
        var a = await context.CallActivityAsync<string>("A", input, retry);
        logger.LogInformation("after A");
        context.SetCustomStatus(new { step = "fan-out" });
        var b = context.CallActivityAsync<string>("B", a, retry);
        var c = context.CallActivityAsync<string>("C", a, retry);
        await Task.WhenAll(b, c);
        logger.LogInformation("after B and C");
        return await context.CallActivityAsync<string>("D", $"{await b}+{await c}", retry);
    }

    public Task<InstanceRecord> WaitForEndAsync(string id, TimeSpan timeout) => Store.WaitForEndAsync(id, timeout);

    public ValueTask DisposeAsync() => provider.DisposeAsync();

}

/// <summary>Activities that count their executions and can be held (to stand for a host that dies mid-activity) or made to fail.</summary>
internal sealed class TestActivities
{
    private readonly Dictionary<string, int> executions = [];

    public TaskCompletionSource? HoldC { get; set; }

    public int FailuresLeftForB { get; set; }

    public int Executions(string name)
    {
        lock (executions)
        {
            return executions.GetValueOrDefault(name);
        }
    }

    public async Task<string> RunAsync(string name, string input, CancellationToken cancellationToken)
    {
        lock (executions)
        {
            executions[name] = executions.GetValueOrDefault(name) + 1;
        }

        if (name == "C" && HoldC is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (name == "B" && FailuresLeftForB-- > 0)
        {
            throw new InvalidOperationException("B failed on purpose.");
        }

        return $"{name}({input})";
    }
}

/// <summary>Collects log lines, to show the replay-safe logger does not repeat them on replay.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    public List<string> Lines { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category == EngineHarness.Name)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
