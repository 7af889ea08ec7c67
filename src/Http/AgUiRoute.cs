using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// <c>POST /api/agui</c>: the AG-UI 1.0 endpoint (docs/agui.md), written once for both hosts. The body is a
/// <c>RunAgentInput</c> (<see cref="AgUiInput"/>); the answer is Server-Sent Events of AG-UI events
/// (<see cref="AgUiStreamResult"/>). The first run on a thread starts an analysis (<see cref="AnalysesRoutes.StartRunAsync"/>)
/// whose id is derived from the thread (<see cref="AgUiInput.AnalysisIdOf"/>); each later run is a turn of that
/// analysis' conversation (<see cref="ConversationRoutes.StartTurnAsync"/>). Every refusal is problem details before any
/// event is sent: 401, 404 (another user's thread), 400, 413, 415, 422, 429, 409.
/// </summary>
public sealed class AgUiRoute(AnalysesRoutes analyses, ConversationRoutes conversationRoutes, IRunEventLog log, IRunChangeSignal changes, TimeProvider time)
{
    /// <summary>Answers one AG-UI run on the host's <paramref name="runs"/> and <paramref name="conversations"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<IResult> RunAsync(HttpContext http, IAnalysisRuns runs, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(conversations);
        if (Caller.Find(http) is not { } caller)
        {
            return ApiProblems.Unauthorized();
        }

        AgUiInput input;
        try
        {
            var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedPortfolioContentException(415, $"Content type '{http.Request.ContentType}' is not supported: a RunAgentInput is application/json.");
            }

            input = AgUiInput.Parse(await BoundedBody.ReadAsync(http.Request.Body, PortfolioRequestReader.MaxTextBytes, cancellationToken).ConfigureAwait(false));
        }
        catch (PortfolioValidationException invalid)
        {
            return ApiProblems.Invalid("The AG-UI run input is not valid.", invalid.Message, invalid.Errors);
        }
        catch (UnsupportedPortfolioContentException unsupported)
        {
            return ApiProblems.Unsupported(unsupported.StatusCode, unsupported.Message);
        }

        var analysisId = AgUiInput.AnalysisIdOf(input.ThreadId);
        var existing = await runs.FindAsync(analysisId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !existing.IsOwnedBy(caller))
        {
            return ApiProblems.ThreadNotFound(input.ThreadId);
        }

        return existing is null
            ? await StartAnalysisAsync(http, input, analysisId, runs, cancellationToken).ConfigureAwait(false)
            : await StartTurnAsync(http, input, analysisId, runs, conversations, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IResult> StartAnalysisAsync(HttpContext http, AgUiInput input, string analysisId, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        var (contentType, text) = input.LastUserText is { Length: > 0 } message
            ? (LooksLikeJson(message) ? "application/json" : "text/csv", message)
            : input.StateHoldingsJson is { } holdings ? ("application/json", $"{{\"holdings\":{holdings}}}") : (null, null);
        if (text is null)
        {
            return ApiProblems.Invalid("The AG-UI run input is not valid.", "The first run of a thread needs a portfolio.", new Dictionary<string, string[]>
            {
                ["messages"] = ["the last user message must hold the portfolio (JSON or CSV text), or state.holdings must be given"],
            });
        }

        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var (runId, refused) = await analyses.StartRunAsync(http, runs, contentType, body, _ => null, analysisId, cancellationToken).ConfigureAwait(false);
        return runId is null ? refused! : Stream(input, runId, runs, stateFor: analysisId);
    }

    private async Task<IResult> StartTurnAsync(
        HttpContext http, AgUiInput input, string analysisId, IAnalysisRuns runs, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        if (await conversations.FindAnalysisAsync(analysisId, cancellationToken).ConfigureAwait(false) is not { } analysis)
        {
            return ApiProblems.ThreadNotFound(input.ThreadId);
        }

        TurnRequest request;
        try
        {
            var question = new JsonObject { ["content"] = input.LastUserText ?? "" }.ToJsonString();
            request = TurnRequestReader.Parse(Encoding.UTF8.GetBytes(question));
        }
        catch (PortfolioValidationException invalid)
        {
            return ApiProblems.Invalid("The question is not valid.", invalid.Message, invalid.Errors);
        }

        var (turnId, refused) = await conversationRoutes.StartTurnAsync(http, analysis, request, interrupt: false, runs, conversations, cancellationToken).ConfigureAwait(false);
        return turnId is null ? refused! : Stream(input, turnId, runs, stateFor: null);
    }

    private AgUiStreamResult Stream(AgUiInput input, string projectRunId, IAnalysisRuns runs, string? stateFor) =>
        new(new AgUiTranslator(input.ThreadId, input.RunId), projectRunId, stateFor, runs, log, changes, time);

    private static bool LooksLikeJson(string text) => text.AsSpan().TrimStart() is [ '{' or '[', .. ];
}
