using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Http;

/// <summary>
/// The analyses routes of the public contract, written once: start, status, events (JSON and SSE) and terminate. Each
/// answers an <see cref="IResult"/>; a host maps a route in a line, passing its <see cref="IAnalysisRuns"/>. The caller
/// comes from <see cref="Caller.Find"/> (401 without), and a run the caller does not own is answered 404 as if absent.
/// </summary>
public sealed class AnalysesRoutes(
    PortfolioRequestReader reader, IRunEventLog log, RunEventWriter events, IRunChangeSignal changes, StartLimiter limits, TimeProvider time)
{
    /// <summary>How long a user with too many runs in flight is asked to wait before starting another.</summary>
    public static readonly TimeSpan InFlightRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The reason of a terminate request that gives none.</summary>
    public const string DefaultTerminateReason = "Terminated by the user.";

    /// <summary>The longest terminate reason kept, in characters (longer ones are cut).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>
    /// <c>POST /api/analyses</c>: the start limits (429 with <c>Retry-After</c>), then the body (400 naming each field,
    /// 413, 415, 422), then schedules the run and answers 202 with <c>Location</c> and <see cref="StartResponse"/>.
    /// Nothing is scheduled when any check fails.
    /// </summary>
    public async Task<IResult> StartAsync(HttpContext http, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (runId, refused) = await StartRunAsync(
            http, runs, http.Request.ContentType, http.Request.Body, name => Query(http, name), Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
        if (runId is null)
        {
            return refused!;
        }

        var response = StartResponse.For(http.Request, runId);
        return TypedResults.Accepted(response.StatusQueryGetUri, response);
    }

    /// <summary>
    /// The rules of <see cref="StartAsync"/> for any front door (this route, the AG-UI endpoint): 401 without a caller,
    /// the start limits (429 with <c>Retry-After</c>), then <paramref name="body"/> read as <paramref name="contentType"/>
    /// (400 naming each field, 413, 415, 422), then the run <paramref name="runId"/> is scheduled for the caller.
    /// Nothing is scheduled when any check fails.
    /// </summary>
    /// <returns>The run id, or null and the problem details to answer.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<(string? RunId, IResult? Refused)> StartRunAsync(
        HttpContext http, IAnalysisRuns runs, string? contentType, Stream body, Func<string, string?> query, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(runId);
        if (Caller.Find(http) is not { } owner)
        {
            return (null, ApiProblems.Unauthorized());
        }

        if (limits.TryStart(owner) is { } wait)
        {
            return (null, ApiProblems.TooManyRequests(http, wait, "Too many analyses started; try again shortly."));
        }

        var inFlight = limits.Options.RunsInFlightPerUser;
        if (await runs.CountInFlightAsync(owner, cancellationToken).ConfigureAwait(false) >= inFlight)
        {
            return (null, ApiProblems.TooManyRequests(http, InFlightRetryAfter, $"At most {inFlight} of your analyses may run at once."));
        }

        AnalysisRequest request;
        try
        {
            request = await reader.ReadAsync(contentType, body, query, cancellationToken).ConfigureAwait(false);
        }
        catch (PortfolioValidationException invalid)
        {
            return (null, ApiProblems.Invalid("The portfolio is not valid.", invalid.Message, invalid.Errors));
        }
        catch (UnsupportedPortfolioContentException unsupported)
        {
            return (null, ApiProblems.Unsupported(unsupported.StatusCode, unsupported.Message));
        }

        await runs.ScheduleAsync(new AnalysisInput(new RunContext(runId, owner), request), cancellationToken).ConfigureAwait(false);
        return (runId, null);
    }

    /// <summary><c>GET /api/analyses/{id}</c>: the run's <see cref="RunStatusResponse"/>.</summary>
    public async Task<IResult> GetStatusAsync(HttpContext http, string id, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var (run, refused) = await FindOwnedAsync(http, id, runs, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return refused!;
        }

        return await runs.GetStatusAsync(run, cancellationToken).ConfigureAwait(false) is { } status
            ? TypedResults.Json(status, EventJson.StatusOptions)
            : ApiProblems.RunNotFound(id);
    }

    /// <summary>
    /// <c>GET /api/analyses/{id}/events</c>: the events after the <see cref="EventCursor"/> (400 naming <c>after</c> when
    /// malformed) as a JSON array, or as Server-Sent Events (<see cref="EventStreamResult"/>) when the client accepts
    /// <c>text/event-stream</c>.
    /// </summary>
    public async Task<IResult> GetEventsAsync(HttpContext http, string id, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        var (run, refused) = await FindOwnedAsync(http, id, runs, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return refused!;
        }

        if (!EventCursor.TryRead(http.Request, out var after))
        {
            return ApiProblems.InvalidCursor();
        }

        if (http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new EventStreamResult(run.Id, after, log, changes, time);
        }

        var stored = await log.ReadAsync(run.Id, after, cancellationToken).ConfigureAwait(false);
        StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.Json, stored.Count);
        return TypedResults.Text($"[{string.Join(',', stored.Select(e => e.Json))}]", "application/json");
    }

    /// <summary>
    /// <c>POST /api/analyses/{id}/terminate?reason=</c>: <see cref="RunTermination"/> with the reason (trimmed, at most
    /// <see cref="MaxReasonLength"/> characters, <see cref="DefaultTerminateReason"/> when blank); 202, or 409 when the
    /// run had already ended.
    /// </summary>
    public async Task<IResult> TerminateAsync(HttpContext http, string id, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var (run, refused) = await FindOwnedAsync(http, id, runs, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return refused!;
        }

        var reason = TerminateReason(Query(http, "reason"));
        if (!await RunTermination.TerminateAsync(events, runs, run, reason, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.RunEnded(run.Id);
        }

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The reason kept for a terminate request that gave <paramref name="given"/>.</summary>
    public static string TerminateReason(string? given)
    {
        var trimmed = given?.Trim();
        return string.IsNullOrEmpty(trimmed) ? DefaultTerminateReason : trimmed[..Math.Min(trimmed.Length, MaxReasonLength)];
    }

    private static async Task<(OwnedRun? Run, IResult? Refused)> FindOwnedAsync(HttpContext http, string id, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Caller.Find(http) is not { } caller)
        {
            return (null, ApiProblems.Unauthorized());
        }

        var run = await runs.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return run is not null && run.IsOwnedBy(caller) ? (run, null) : (null, ApiProblems.RunNotFound(id));
    }

    private static string? Query(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
