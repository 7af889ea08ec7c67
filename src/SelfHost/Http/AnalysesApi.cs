using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The analyses routes of the public contract (<see cref="AnalysesRoutes"/>) on the embedded engine.</summary>
public static class AnalysesApi
{
    /// <summary>Maps <c>/api/analyses</c>: start, status, events (JSON and SSE), terminate.</summary>
    public static RouteGroupBuilder MapAnalysesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analyses").RequireCaller();
        group.MapPost("/", (HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.StartAsync(http, runs, ct));
        group.MapGet("/{id}", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.GetStatusAsync(http, id, runs, ct));
        group.MapGet("/{id}/events", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.GetEventsAsync(http, id, runs, ct));
        group.MapPost("/{id}/terminate", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.TerminateAsync(http, id, runs, ct));
        return group;
    }
}
