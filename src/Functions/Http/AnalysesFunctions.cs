using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The analyses routes of the public contract (<see cref="AnalysesRoutes"/>) as HTTP functions on Durable Functions.</summary>
public sealed class AnalysesFunctions(AnalysesRoutes api, DurableRuns runs)
{
    /// <summary><c>POST /api/analyses</c>: starts an analysis of the posted portfolio (JSON, CSV or a screenshot).</summary>
    [Function(nameof(StartAnalysis))]
    public Task StartAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "analyses")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.StartAsync(http, runs.For(client), cancellationToken));

    /// <summary><c>GET /api/analyses/{id}</c>: the run's status and, once completed, its output.</summary>
    [Function(nameof(GetAnalysisStatus))]
    public Task GetAnalysisStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analyses/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.GetStatusAsync(http, id, runs.For(client), cancellationToken));

    /// <summary><c>GET /api/analyses/{id}/events</c>: the run's events as a JSON array, or as Server-Sent Events.</summary>
    [Function(nameof(GetAnalysisEvents))]
    public Task GetAnalysisEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analyses/{id}/events")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.GetEventsAsync(http, id, runs.For(client), cancellationToken));

    /// <summary><c>POST /api/analyses/{id}/terminate?reason=</c>: ends the run <c>Terminated</c>; 409 when it had already ended.</summary>
    [Function(nameof(TerminateAnalysis))]
    public Task TerminateAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "analyses/{id}/terminate")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.TerminateAsync(http, id, runs.For(client), cancellationToken));
}
