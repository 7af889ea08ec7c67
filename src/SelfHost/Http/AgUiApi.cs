using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Conversations;
using PortfolioAdvisor.SelfHost.Http.OpenApi;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The AG-UI endpoint (<see cref="AgUiRoute"/>, docs/agui.md) on the embedded engine.</summary>
public static class AgUiApi
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/api/agui";

    /// <summary>
    /// Maps <c>POST /api/agui</c> behind the same caller requirement as the analyses routes, with its answers and problems
    /// for the OpenAPI document (<see cref="ApiDocument"/>; the body and the SSE answer by <see cref="ContractOperations"/>).
    /// </summary>
    public static RouteHandlerBuilder MapAgUiApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, (HttpContext http, AgUiRoute api, EmbeddedAnalysisRuns runs, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.RunAsync(http, runs, conversations, ct)).RequireCaller()
            .WithTags("ag-ui")
            .WithName(ContractOperations.AgUiRun)
            .WithSummary("An AG-UI 1.0 run: the first run on a thread is an analysis, each later one a turn; AG-UI events as Server-Sent Events.")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
