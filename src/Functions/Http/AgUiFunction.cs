using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The AG-UI endpoint (<see cref="AgUiRoute"/>, docs/agui.md) as an HTTP function on Durable Functions.</summary>
public sealed class AgUiFunction(AgUiRoute api, DurableRuns runs)
{
    /// <summary>
    /// <c>POST /api/agui</c>: an AG-UI run as Server-Sent Events. Later runs on a thread are turns once the app registers
    /// an <see cref="IConversationRuns"/>; until then they are answered 409.
    /// </summary>
    [Function(nameof(AgUiRun))]
    public Task AgUiRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "agui")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.RunAsync(http, runs.For(client), http.RequestServices.GetService<IConversationRuns>(), cancellationToken));
}
