using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>GET /api/health</c> (<see cref="HealthRoute"/>): anonymous; <c>activeConnections</c> counts the SSE streams open on
/// this instance (SignalR connections are held by Azure SignalR Service, not by the app), <c>runsInFlight</c> the task
/// hub's unfinished instances.
/// </summary>
public sealed class HealthFunction(DurableRuns runs)
{
    /// <summary>Answers <c>{ status, activeConnections, runsInFlight, host }</c>.</summary>
    [Function(nameof(Health))]
    public Task Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, _ => HealthRoute.GetAsync(runs.For(client), EventStreamResult.OpenStreams, HealthRoute.Functions, cancellationToken));
}
