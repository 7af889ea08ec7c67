using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>GET /api/health</c>: liveness of this instance. Like every route of the contract it names its caller (401
/// without), as the self-host's does; App Service Authentication asks every request for a token.
/// </summary>
public static class HealthFunction
{
    /// <summary>
    /// Answers <c>{ status, activeConnections, host, hub }</c>. <c>activeConnections</c> counts the SSE streams open on
    /// this instance; SignalR connections are held by Azure SignalR Service, not by the app.
    /// </summary>
    [Function(nameof(Health))]
    public static Task Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Caller.Find(request) is null)
        {
            return ApiProblems.Unauthorized().ExecuteAsync(request.HttpContext);
        }

        var body = new { status = "healthy", activeConnections = EventStreamWriter.ActiveStreams, host = "functions", hub = SignalR.AdvisorHub.Name };
        return TypedResults.Json(body).ExecuteAsync(request.HttpContext);
    }
}
