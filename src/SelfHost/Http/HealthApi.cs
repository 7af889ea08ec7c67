using Microsoft.AspNetCore.Http.HttpResults;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.SignalR;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary><c>GET /api/health</c>: anonymous (contract 1.1), and nothing about any user or run.</summary>
public static class HealthApi
{
    /// <summary>Maps <c>/api/health</c>.</summary>
    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", GetHealth).AllowAnonymous();

    /// <summary>The host's health: open hub connections and orchestrations running in this process.</summary>
    public static Ok<HealthResponse> GetHealth(ConnectionCounter connections, EmbeddedOrchestrationEngine engine)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(engine);
        return TypedResults.Ok(new HealthResponse("healthy", connections.Count, engine.RunningCount, "self-host"));
    }
}

/// <summary>The health answer: <paramref name="Status"/> "healthy", open hub connections, runs in flight, and which host answered.</summary>
public sealed record HealthResponse(string Status, int ActiveConnections, int RunsInFlight, string Host);
