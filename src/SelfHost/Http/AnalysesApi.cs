using PortfolioAdvisor.Http;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost.Http.OpenApi;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The analyses routes of the public contract (<see cref="AnalysesRoutes"/>) on the embedded engine.</summary>
public static class AnalysesApi
{
    /// <summary>
    /// Maps <c>/api/analyses</c>: start, status, events (JSON and SSE), terminate, each with its answers and problems for
    /// the OpenAPI document (<see cref="ApiDocument"/>).
    /// </summary>
    public static RouteGroupBuilder MapAnalysesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analyses").RequireCaller().WithTags("analyses").ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/", (HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.StartAsync(http, runs, ct))
            .WithName(ContractOperations.StartAnalysis)
            .WithSummary("Start an analysis of a portfolio (JSON, CSV or a screenshot).")
            .Accepts<AnalysisRequest>("application/json", "text/csv", "image/png", "image/jpeg")
            .Produces<StartResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id}", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.GetStatusAsync(http, id, runs, ct))
            .WithName(ContractOperations.GetAnalysisStatus)
            .WithSummary("The run's status (Durable's shape) and, once completed, its output.")
            .Produces<RunStatusResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/events", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.GetEventsAsync(http, id, runs, ct))
            .WithName(ContractOperations.GetAnalysisEvents)
            .WithSummary("The run's events after a cursor, as a JSON array or as Server-Sent Events.")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/terminate", (string id, HttpContext http, AnalysesRoutes api, EmbeddedAnalysisRuns runs, CancellationToken ct) => api.TerminateAsync(http, id, runs, ct))
            .WithName(ContractOperations.TerminateAnalysis)
            .WithSummary("Stop the run: it ends Terminated with run_terminated as its last event.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }
}
