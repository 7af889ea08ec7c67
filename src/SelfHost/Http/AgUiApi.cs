using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Conversations;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The AG-UI endpoint (<see cref="AgUiRoute"/>, docs/agui.md) on the embedded engine.</summary>
public static class AgUiApi
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/api/agui";

    /// <summary>Maps <c>POST /api/agui</c> behind the same caller requirement as the analyses routes.</summary>
    public static RouteHandlerBuilder MapAgUiApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, (HttpContext http, AgUiRoute api, EmbeddedAnalysisRuns runs, EmbeddedConversationRuns conversations, CancellationToken ct) =>
            api.RunAsync(http, runs, conversations, ct)).RequireCaller();
}
