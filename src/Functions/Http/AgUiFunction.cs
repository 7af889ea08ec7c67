using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The AG-UI endpoint (<see cref="AgUiRoute"/>, docs/agui.md) as an HTTP function on Durable Functions.</summary>
public sealed class AgUiFunction(AgUiRoute api, DurableRuns runs, IRunRegistry registry, ITurnIndex turns)
{
    /// <summary><c>POST /api/agui</c>: an AG-UI run (an analysis, then turns of its conversation) as Server-Sent Events.</summary>
    [Function(nameof(AgUiRun))]
    public Task AgUiRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agui")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.RunAsync(http, runs.For(client), new DurableConversationRuns(client, registry, turns), cancellationToken));
}
