using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>POST /api/analyses/{id}/terminate?reason=</c>. Logs <c>run_terminated</c> first: the log then rejects every later
/// append, so a streaming advisor activity stops at its next frame with <see cref="RunClosedException"/> (Durable cannot
/// cancel a running activity), and <c>run_terminated</c> stays the last event. Then Durable terminates the instance.
/// </summary>
public sealed class TerminateAnalysisFunction(IRunRegistry runs, RunEventWriter events)
{
    /// <summary>Terminates run <paramref name="id"/> and answers 202, or 409 when it had already ended.</summary>
    [Function(nameof(TerminateAnalysis))]
    public async Task TerminateAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "analyses/{id}/terminate")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var result = await TerminateAsync(request, id, client, cancellationToken).ConfigureAwait(false);
        await result.ExecuteAsync(request.HttpContext).ConfigureAwait(false);
    }

    private async Task<IResult> TerminateAsync(HttpRequest request, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (Caller.Find(request) is not { } callerId)
        {
            return ApiProblems.Unauthorized();
        }

        var run = await runs.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null || !run.IsOwnedBy(callerId))
        {
            return ApiProblems.RunNotFound(id);
        }

        var reason = request.Query["reason"].FirstOrDefault() is { Length: > 0 } given ? given : "terminated by the user";
        try
        {
            var logged = await events.EmitAsync(new RunContext(id, run.OwnerId), new RunTerminated(reason) { RunId = id }, EventTypes.RunTerminated, cancellationToken).ConfigureAwait(false);
            if (logged.Count == 0)
            {
                return ApiProblems.RunEnded(id);
            }

            await client.TerminateInstanceAsync(id, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (RunClosedException)
        {
            return ApiProblems.RunEnded(id);
        }

        var links = RunLinks.For(request, id);
        return TypedResults.Accepted(links.StatusQueryGetUri, links);
    }
}
