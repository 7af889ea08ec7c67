using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Activities;
using PortfolioAdvisor.Functions.Http;
using PortfolioAdvisor.Functions.Orchestrations;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// The Functions app's services and its own orchestrator and activity functions on the real Durable Task engine
/// (<c>Microsoft.DurableTask.InProcessTestHost</c>: the in-memory orchestration service behind a gRPC sidecar on a free
/// loopback port, driven by the real <c>Microsoft.DurableTask.Worker</c> and <c>Client</c>), with the Functions
/// worker's serializer (<see cref="FunctionsDataConverter"/>). Wiring is <c>src/Functions/Program.cs</c>'s, with the
/// edges of the world swapped: the event log is <see cref="InMemoryRunEventLog"/> (with <see cref="InMemoryRunRegistry"/>)
/// and the SignalR publisher is <see cref="RecordingRunEventPublisher"/>.
/// <para>
/// Use it as an xunit class fixture (one host per test class, started once):
/// <code>
/// public sealed class MyTests(FunctionsDurableHost host) : IClassFixture&lt;FunctionsDurableHost&gt;
/// {
///     // host.Client: the DurableTaskClient to start, wait for and terminate instances, or to hand to an HTTP function
///     // host.Services: the app's services (ActivatorUtilities.CreateInstance&lt;AnalysesFunctions&gt;(host.Services))
///     // host.Log, host.Runs, host.Publisher, host.Invocations: what the run logged, who owns it, what was pushed,
///     //   which activities ran (and transient faults to inject)
/// }
/// </code>
/// For other settings (e.g. <c>Advisor:Endpoint</c> at a local model server) derive a fixture that passes them to the
/// constructor; to replace a service, override <see cref="ConfigureServices"/>.
/// </para>
/// </summary>
public class FunctionsDurableHost : IAsyncLifetime
{
    private readonly Dictionary<string, string?> overrides;
    private IHost? host;

    /// <summary>A host with <see cref="TestDefaults"/>.</summary>
    public FunctionsDurableHost()
        : this(null)
    {
    }

    /// <summary>A host with <see cref="TestDefaults"/>, overridden by <paramref name="settings"/>.</summary>
    protected FunctionsDurableHost(IReadOnlyDictionary<string, string?>? settings)
    {
        overrides = new Dictionary<string, string?>(TestDefaults);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
    }

    /// <summary>Settings that keep tests quick: the offline advisor's tokens and persona pacing sped up (as the self-host tests do).</summary>
    public static IReadOnlyDictionary<string, string?> TestDefaults { get; } = new Dictionary<string, string?>
    {
        ["Advisor:PacingScale"] = "0.02",
        ["Advisor:OfflineTokensPerSecond"] = "2000",
    };

    /// <summary>The configuration the host starts with.</summary>
    public virtual IReadOnlyDictionary<string, string?> Settings => overrides;

    /// <summary>The Durable Task client (the one a <c>[DurableClient]</c> binding gives a function).</summary>
    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The run event log every activity and HTTP function writes to.</summary>
    public InMemoryRunEventLog Log { get; } = new();

    /// <summary>The registry of run owners.</summary>
    public InMemoryRunRegistry Runs => Services.GetRequiredService<InMemoryRunRegistry>();

    /// <summary>What the activities pushed to run owners (the SignalR Service's place).</summary>
    public RecordingRunEventPublisher Publisher { get; } = new();

    /// <summary>Every activity invocation, and transient faults to inject into them.</summary>
    public ActivityInvocations Invocations { get; } = new();

    /// <summary>Starts the engine and the worker.</summary>
    public virtual async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // As src/Functions/Program.cs, less the Table log and the SignalR Service (edges of the world, replaced below).
        builder.AddMarketData();
        builder.AddPortfolioInput(services => services.GetRequiredService<MarketDataSet>().Tickers, PersonaCatalog.Names);
        builder.AddAdvisor();
        builder.AddConversationTools();
        builder.Services.AddSingleton<IRunEventLog>(Log);
        builder.Services.AddSingleton(Log);
        builder.Services.AddSingleton<InMemoryRunRegistry>();
        builder.Services.AddSingleton<IRunRegistry>(sp => sp.GetRequiredService<InMemoryRunRegistry>());
        builder.Services.AddSingleton<ITurnIndex, InMemoryTurnIndex>();
        builder.Services.AddSingleton<IRunEventPublisher>(Publisher);
        builder.AddAnalysisActivities();
        builder.AddConversationTurns();
        builder.AddAnalysesApi();
        ConfigureServices(builder.Services);

        builder.Services.AddInMemoryDurableTask(
            registry => registry.AddFunctionsOf(typeof(FundAnalysisOrchestrator).Assembly, Invocations, FunctionsDataConverter.Default, () => Services.GetRequiredService<ILoggerFactory>()),
            new InMemoryDurableTaskOptions { Port = FreeLoopbackPort() });
        builder.Services.PostConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = FunctionsDataConverter.Default);
        builder.Services.PostConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = FunctionsDataConverter.Default);

        host = builder.Build();
        Invocations.Stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await host.StartAsync().ConfigureAwait(false);
    }

    /// <summary>Changes the app's services after <c>Program.cs</c>'s wiring (e.g. another <see cref="MarketDataSet"/>).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Stops the worker and the engine.</summary>
    public virtual async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
        }
    }

    // The test host picks a random port in 30000-40000 unless told; a port the OS just handed out is far less likely
    // to collide with the other test hosts on this machine.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
