using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>POST /api/analyses</c>: validates the body with the same reader as the self-host, records the owner, schedules
/// the orchestration and answers 202. Nothing is scheduled when validation fails.
/// </summary>
public sealed class StartAnalysisFunction(PortfolioRequestReader reader, IRunRegistry runs)
{
    /// <summary>Starts an analysis of the posted portfolio (JSON, CSV or a screenshot).</summary>
    [Function(nameof(StartAnalysis))]
    public async Task StartAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "analyses")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var result = await StartAsync(request, client, cancellationToken).ConfigureAwait(false);
        await result.ExecuteAsync(request.HttpContext).ConfigureAwait(false);
    }

    private async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (Caller.Find(request) is not { } callerId)
        {
            return ApiProblems.Unauthorized();
        }

        AnalysisRequest analysis;
        try
        {
            analysis = await reader.ReadAsync(request.ContentType, request.Body, name => request.Query[name].FirstOrDefault(), cancellationToken).ConfigureAwait(false);
        }
        catch (PortfolioValidationException invalid)
        {
            return ApiProblems.Invalid(invalid.Message, invalid.Errors);
        }
        catch (UnsupportedPortfolioContentException unsupported)
        {
            return ApiProblems.Unsupported(unsupported.StatusCode, unsupported.Message);
        }

        var runId = Guid.NewGuid().ToString("N");
        await runs.RegisterAsync(runId, callerId, cancellationToken).ConfigureAwait(false);
        var input = new AnalysisInput(new RunContext(runId, callerId), analysis);
        await client.ScheduleNewOrchestrationInstanceAsync(
            FundAnalysisOrchestration.Name, input, new StartOrchestrationOptions(runId), cancellationToken).ConfigureAwait(false);

        var links = RunLinks.For(request, runId);
        return TypedResults.Accepted(links.StatusQueryGetUri, links);
    }
}
