using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// The conversation routes of the public contract (1.1), written once: ask a question (a turn) and read the transcript.
/// A host maps each in a line, passing its <see cref="IAnalysisRuns"/> and <see cref="IConversationRuns"/>. A turn's
/// own status, events and terminate are the analyses routes (<see cref="AnalysesRoutes"/>).
/// </summary>
public sealed class ConversationRoutes(TurnStarter starter, StartLimiter limits)
{
    /// <summary>The query parameter choosing what a question does to a turn that has not ended.</summary>
    public const string MultitaskParameter = "multitask";

    /// <summary><c>?multitask=interrupt</c>: terminate the running turn (reason <c>interrupted</c>) and start this one.</summary>
    public const string Interrupt = "interrupt";

    /// <summary><c>?multitask=reject</c> (the default): answer 409 while a turn runs.</summary>
    public const string Reject = "reject";

    /// <summary>
    /// <c>POST /api/analyses/{id}/messages</c>: 401 without a caller; 404 for another user's analysis or none; the body
    /// (<see cref="TurnRequestReader"/>: 400 naming each field, 413, 415) and <c>multitask</c> (400 unless
    /// <see cref="Reject"/> or <see cref="Interrupt"/>); then <see cref="StartTurnAsync"/> (429 with <c>Retry-After</c>,
    /// 409 with <c>runningTurnId</c>), and 202 with <c>Location</c> and the turn's <see cref="StartResponse"/>.
    /// </summary>
    public async Task<IResult> PostMessageAsync(HttpContext http, string id, IAnalysisRuns runs, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(conversations);
        var (analysis, refused) = await FindOwnedAsync(http, id, conversations, cancellationToken).ConfigureAwait(false);
        if (analysis is null)
        {
            return refused!;
        }

        TurnRequest request;
        try
        {
            request = await TurnRequestReader.ReadAsync(http.Request.ContentType, http.Request.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (PortfolioValidationException invalid)
        {
            return ApiProblems.Invalid("The question is not valid.", invalid.Message, invalid.Errors);
        }
        catch (UnsupportedPortfolioContentException unsupported)
        {
            return ApiProblems.Unsupported(unsupported.StatusCode, unsupported.Message);
        }

        var multitask = http.Request.Query.TryGetValue(MultitaskParameter, out var values) ? values.ToString().Trim() : Reject;
        if (multitask is not (Reject or Interrupt))
        {
            return ApiProblems.Invalid("The question is not valid.", $"Unknown multitask strategy '{multitask}'.",
                new Dictionary<string, string[]> { [MultitaskParameter] = [$"must be '{Reject}' (the default) or '{Interrupt}'"] });
        }

        var (turnId, conflict) = await StartTurnAsync(http, analysis, request, multitask == Interrupt, runs, conversations, cancellationToken).ConfigureAwait(false);
        if (turnId is null)
        {
            return conflict!;
        }

        var response = StartResponse.For(http.Request, turnId);
        return TypedResults.Accepted(response.StatusQueryGetUri, response);
    }

    /// <summary>
    /// <c>GET /api/analyses/{id}/messages</c>: 401, 404 as <see cref="PostMessageAsync"/>; else 200
    /// <see cref="ConversationMessagesResponse"/> (<see cref="ConversationTranscript"/>).
    /// </summary>
    public async Task<IResult> GetMessagesAsync(HttpContext http, string id, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var (analysis, refused) = await FindOwnedAsync(http, id, conversations, cancellationToken).ConfigureAwait(false);
        if (analysis is null)
        {
            return refused!;
        }

        var turns = await conversations.ListTurnsAsync(analysis.Id, cancellationToken).ConfigureAwait(false);
        var transcript = await starter.TranscriptAsync(analysis.Id, turns, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new ConversationMessagesResponse(analysis.Id, transcript), EventJson.Options);
    }

    /// <summary>
    /// The rules after the body of <see cref="PostMessageAsync"/>, for any front door (this route, the AG-UI endpoint):
    /// the start limits of <paramref name="analysis"/>' owner (429 with <c>Retry-After</c>), then <see cref="TurnStarter"/>
    /// (409 with <c>runningTurnId</c>). Nothing is scheduled when refused.
    /// </summary>
    /// <returns>The turn id, or null and the problem details to answer.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<(string? TurnId, IResult? Refused)> StartTurnAsync(
        HttpContext http, ConversationAnalysis analysis, TurnRequest request, bool interrupt, IAnalysisRuns runs, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(runs);
        if (limits.TryStart(analysis.OwnerId) is { } wait)
        {
            return (null, ApiProblems.TooManyRequests(http, wait, "Too many runs started; try again shortly."));
        }

        var inFlight = limits.Options.RunsInFlightPerUser;
        if (await runs.CountInFlightAsync(analysis.OwnerId, cancellationToken).ConfigureAwait(false) >= inFlight)
        {
            return (null, ApiProblems.TooManyRequests(http, AnalysesRoutes.InFlightRetryAfter, $"At most {inFlight} of your runs may be in flight at once."));
        }

        var start = await starter.StartAsync(analysis, request, interrupt, runs, conversations, cancellationToken).ConfigureAwait(false);
        return start.IsStarted ? (start.TurnId, null) : (null, ApiProblems.TurnConflict(analysis.Id, start.RunningTurnId, start.Detail!));
    }

    private static async Task<(ConversationAnalysis? Analysis, IResult? Refused)> FindOwnedAsync(
        HttpContext http, string id, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Caller.Find(http) is not { } caller)
        {
            return (null, ApiProblems.Unauthorized());
        }

        var analysis = await conversations.FindAnalysisAsync(id, cancellationToken).ConfigureAwait(false);
        return analysis is not null && analysis.IsOwnedBy(caller) ? (analysis, null) : (null, ApiProblems.AnalysisNotFound(id));
    }
}
