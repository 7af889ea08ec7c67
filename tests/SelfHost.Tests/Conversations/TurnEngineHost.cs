extern alias ModelServer;

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Tests.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Tests.Conversations;

/// <summary>
/// The self-host's embedded engine, event log and Domain services as <c>AddAdvisor</c>, <c>AddConversationTurns</c> and
/// <c>AddEmbeddedOrchestration</c> wire them, over a SQLite file, with the advisor pointed at a local model server. Two
/// hosts over one file stand for one host before and after a restart.
/// </summary>
internal sealed class TurnEngineHost : IAsyncDisposable
{
    private readonly IHost host;

    private TurnEngineHost(IHost host) => this.host = host;

    public EmbeddedOrchestrationEngine Engine => host.Services.GetRequiredService<EmbeddedOrchestrationEngine>();

    public OrchestrationStore Store => host.Services.GetRequiredService<OrchestrationStore>();

    public IRunEventLog Log => host.Services.GetRequiredService<IRunEventLog>();

    /// <summary>
    /// Starts a host whose advisor is <paramref name="model"/> at <paramref name="modelEndpoint"/> with the tools
    /// <paramref name="tools"/>; with neither, the offline advisor for turns and the real tools on the market data.
    /// </summary>
    public static async Task<TurnEngineHost> StartAsync(string databasePath, Uri? modelEndpoint = null, string? model = null, IAdvisorTools? tools = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = databasePath,
            ["Advisor:Endpoint"] = modelEndpoint?.ToString(),
            ["Advisor:Model"] = model,
            ["Advisor:PacingScale"] = "0.02",
            ["Advisor:OfflineTokensPerSecond"] = "2000",
            ["Advisor:FirstTokenTimeoutSeconds"] = "20",
            ["Streaming:CoalesceMilliseconds"] = "0",
        });
        builder.Services.AddSignalR();
        if (tools is not null)
        {
            builder.Services.AddSingleton(tools);
        }

        builder.AddMarketData();
        builder.AddAdvisor();
        builder.AddConversationTools();
        builder.AddConversationTurns();
        builder.AddEmbeddedOrchestration();
        var host = builder.Build();
        await host.StartAsync();
        return new TurnEngineHost(host);
    }

    public Task<InstanceRecord> WaitForEndAsync(string id, TimeSpan timeout) => Store.WaitForEndAsync(id, timeout);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    /// <summary>A turn about a small analysis (VTI and BND), asked by alice.</summary>
    public static TurnInput Turn(string turnId) => new(
        new RunContext(turnId, "alice"), "analysis-1", "What if I sell 20 VTI?", "analyst", "en", "balanced",
        new AnalysisOutput(new DateOnly(2025, 10, 1), "USD", 10_000,
            [
                new Holding("VTI", "Vanguard Total Stock Market ETF", "us_equity", 20, 329.31, 6586.2, 0.65862, null, null),
                new Holding("BND", "Vanguard Total Bond Market ETF", "us_bonds", 46, 74.21, 3413.8, 0.34138, null, null),
            ],
            new RiskReport(756, 0.14, -0.2, 0.013, 0.02, 0.7, "VTI", 0.6, "BIL", 0.55, 0.66),
            new PerformanceReport(new DateOnly(2020, 9, 28), 0.12, 0.5, 0.14, 0.7, 0.11, "VTI", 0.18, 0.88, 1.08),
            [], new AdviceResult("analyst", "test-model", ["Balanced enough."]), []),
        []);
}

/// <summary>A test double of <see cref="IAdvisorTools"/> (the real tools are another engineer's) that counts its calls.</summary>
internal sealed class CountingAdvisorTools : IAdvisorTools
{
    public const double Marker = 4242.125;

    private readonly ConcurrentQueue<string> calls = new();

    public IReadOnlyList<AIFunctionDeclaration> Declarations { get; } =
    [
        AIFunctionFactory.CreateDeclaration("what_if", "The portfolio after trades.", JsonDocument.Parse("""{"type":"object","properties":{"trades":{"type":"array"}}}""").RootElement),
    ];

    public IReadOnlyList<string> Calls => [.. calls];

    public ToolOutcome Invoke(string name, JsonElement arguments, AnalysisOutput analysis)
    {
        calls.Enqueue(name);
        return ToolOutcome.Success(JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["totalValue"] = Marker, ["trades"] = arguments.GetProperty("trades") }));
    }
}
