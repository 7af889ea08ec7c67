using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The conversation routes of the public contract (<see cref="ConversationRoutes"/>) as HTTP functions on Durable Functions.</summary>
public sealed class ConversationsFunctions(ConversationRoutes api, DurableRuns runs, IRunRegistry registry, ITurnIndex turns)
{
    /// <summary><c>POST /api/analyses/{id}/messages</c>: asks a question of analysis <paramref name="id"/>, starting a turn (<c>202</c>).</summary>
    [Function(nameof(PostMessage))]
    public Task PostMessage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "analyses/{id}/messages")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.PostMessageAsync(http, id, runs.For(client), new DurableConversationRuns(client, registry, turns), cancellationToken));

    /// <summary><c>GET /api/analyses/{id}/messages</c>: the conversation's transcript.</summary>
    [Function(nameof(GetMessages))]
    public Task GetMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analyses/{id}/messages")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AppServiceCaller.RespondAsync(request, http => api.GetMessagesAsync(http, id, new DurableConversationRuns(client, registry, turns), cancellationToken));
}
