using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Http.OpenApi;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.SignalR;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary><c>GET /api/health</c> (<see cref="HealthRoute"/>): anonymous; <c>activeConnections</c> counts open hub connections.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>/api/health</c>.</summary>
    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", (EmbeddedAnalysisRuns runs, ConnectionCounter connections, CancellationToken ct) =>
            HealthRoute.GetAsync(runs, connections.Count, HealthRoute.SelfHost, ct))
            .AllowAnonymous()
            .WithTags("health")
            .WithName(ContractOperations.Health)
            .WithSummary("Anonymous health: open connections and runs in flight, nothing about any user or run.")
            .Produces<HealthResponse>();
}
