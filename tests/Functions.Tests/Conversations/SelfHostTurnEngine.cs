extern alias SelfHost;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.MarketData;
using SelfHost::PortfolioAdvisor.SelfHost;
using SelfHost::PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>
/// The self-host's embedded engine over a temporary SQLite file, wired by the self-host's own extensions
/// (<c>AddEmbeddedOrchestration</c>) with the same Domain registrations as the Functions app (market data, advisor,
/// the conversation's tools and turns) and <see cref="FunctionsDurableHost.TestDefaults"/>: the reference a turn on the
/// Durable engine is compared with. The self-host's HTTP routes for turns are not needed for that: the output is the
/// engine's, as its status route serves it.
/// </summary>
internal sealed class SelfHostTurnEngine : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string databasePath;

    private SelfHostTurnEngine(IHost host, string databasePath) => (this.host, this.databasePath) = (host, databasePath);

    public EmbeddedOrchestrationEngine Engine => host.Services.GetRequiredService<EmbeddedOrchestrationEngine>();

    public OrchestrationStore Store => host.Services.GetRequiredService<OrchestrationStore>();

    public static async Task<SelfHostTurnEngine> StartAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"functions-tests-turns-{Guid.NewGuid():N}.db");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(FunctionsDurableHost.TestDefaults);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DatabasePath"] = databasePath });
        builder.Services.AddSignalR();
        builder.AddMarketData();
        builder.AddAdvisor();
        builder.AddConversationTools();
        builder.AddConversationTurns();
        builder.AddEmbeddedOrchestration();
        var host = builder.Build();
        await host.StartAsync();
        return new SelfHostTurnEngine(host, databasePath);
    }

    /// <summary>Runs <paramref name="input"/> to its end; returns the stored instance (its output as the status route serves it).</summary>
    public async Task<InstanceRecord> RunAsync(TurnInput input, TimeSpan timeout)
    {
        Engine.ScheduleNew(ConversationTurnOrchestration.Name, input.Run.RunId, input.Run.OwnerId, input);
        await Engine.WaitForCompletionAsync(input.Run.RunId, timeout, CancellationToken.None);
        return Store.Find(input.Run.RunId)!;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }
}
