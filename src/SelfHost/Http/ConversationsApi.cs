using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Conversations;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The conversation routes of the public contract (<see cref="ConversationRoutes"/>) on the embedded engine.</summary>
public static class ConversationsApi
{
    /// <summary>Maps <c>/api/analyses/{id}/messages</c> (ask, transcript) behind the same caller requirement as the analyses routes.</summary>
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analyses/{id}/messages").RequireCaller();
        group.MapPost("/", (string id, HttpContext http, ConversationRoutes api, EmbeddedAnalysisRuns runs, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.PostMessageAsync(http, id, runs, conversations, ct));
        group.MapGet("/", (string id, HttpContext http, ConversationRoutes api, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.GetMessagesAsync(http, id, conversations, ct));
        return group;
    }
}
