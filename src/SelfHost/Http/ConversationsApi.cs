using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Conversations;
using PortfolioAdvisor.SelfHost.Http.OpenApi;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The conversation routes of the public contract (<see cref="ConversationRoutes"/>) on the embedded engine.</summary>
public static class ConversationsApi
{
    /// <summary>
    /// Maps <c>/api/analyses/{id}/messages</c> (ask, transcript) behind the same caller requirement as the analyses routes,
    /// each with its answers and problems for the OpenAPI document (<see cref="ApiDocument"/>).
    /// </summary>
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analyses/{id}/messages").RequireCaller().WithTags("conversations")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", (string id, HttpContext http, ConversationRoutes api, EmbeddedAnalysisRuns runs, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.PostMessageAsync(http, id, runs, conversations, ct))
            .WithName(ContractOperations.PostAnalysisMessage)
            .WithSummary("Ask a question of a completed analysis: starts a turn, a run of its own.")
            .Accepts<TurnRequest>("application/json")
            .Produces<StartResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", (string id, HttpContext http, ConversationRoutes api, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.GetMessagesAsync(http, id, conversations, ct))
            .WithName(ContractOperations.GetAnalysisMessages)
            .WithSummary("The conversation's transcript: the analysis' advice, then each question and its answer.")
            .Produces<ConversationMessagesResponse>();
        return group;
    }
}
