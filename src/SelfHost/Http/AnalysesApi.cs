using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The analyses routes of the public contract: start, status, events (JSON and SSE), terminate.</summary>
public static class AnalysesApi
{
    /// <summary>How long the status endpoint waits for an orchestration whose terminal event is already logged.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps <c>/api/analyses</c>.</summary>
    public static RouteGroupBuilder MapAnalysesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/analyses").RequireCaller();
        group.MapPost("/", StartAsync).RequireRateLimiting(StartLimits.Policy);
        group.MapGet("/{id}", GetStatusAsync);
        group.MapGet("/{id}/events", GetEventsAsync);
        group.MapPost("/{id}/terminate", TerminateAsync);
        return group;
    }

    /// <summary><c>POST /api/analyses</c>: validates the body, schedules the orchestration, answers 202.</summary>
    public static async Task<IResult> StartAsync(
        HttpContext http, PortfolioRequestReader reader, EmbeddedOrchestrationEngine engine, OrchestrationStore store,
        IOptions<StartLimitOptions> limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(limits);
        var owner = CallerIdentity.Get(http);
        if (store.CountUnfinished(owner) >= limits.Value.RunsInFlightPerUser)
        {
            return StartLimits.TooManyRuns(http, TimeSpan.FromSeconds(5), $"At most {limits.Value.RunsInFlightPerUser} of your analyses may run at once.");
        }

        AnalysisRequest request;
        try
        {
            request = await reader.ReadAsync(http.Request.ContentType, http.Request.Body, name => Query(http, name), cancellationToken);
        }
        catch (PortfolioValidationException invalid)
        {
            return TypedResults.ValidationProblem(
                invalid.Errors.ToDictionary(e => e.Key, e => e.Value),
                detail: invalid.Message,
                title: "The portfolio is not valid.");
        }
        catch (UnsupportedPortfolioContentException unsupported)
        {
            return TypedResults.Problem(statusCode: unsupported.StatusCode, detail: unsupported.Message);
        }

        var runId = Guid.NewGuid().ToString("N");
        engine.ScheduleNew(FundAnalysisOrchestration.Name, runId, owner, new AnalysisInput(new RunContext(runId, owner), request));
        var response = StartResponse.For(http.Request, runId);
        return TypedResults.Accepted(response.StatusQueryGetUri, response);
    }

    /// <summary><c>GET /api/analyses/{id}</c>: the run's status, custom status and output.</summary>
    public static async Task<Results<Ok<RunStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string id, HttpContext http, OrchestrationStore store, SqliteRunEventLog log, EmbeddedOrchestrationEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(engine);
        if (FindOwned(store, http, id) is not { } instance)
        {
            return NotFound(id);
        }

        // run_completed is logged by the last activity, a moment before the orchestration returns its output.
        if (!RuntimeStatus.IsTerminal(instance.Status) && log.IsClosed(id))
        {
            await engine.WaitForCompletionAsync(id, SettleTimeout, cancellationToken);
            instance = store.Find(id)!;
        }

        return TypedResults.Ok(RunStatusResponse.From(instance));
    }

    /// <summary>
    /// <c>GET /api/analyses/{id}/events?after=N</c>: the events with seq &gt; N as a JSON array, or as Server-Sent Events
    /// (<c>Accept: text/event-stream</c>; honours <c>Last-Event-ID</c>) that end after the terminal event.
    /// </summary>
    public static async Task<IResult> GetEventsAsync(
        string id, HttpContext http, OrchestrationStore store, IRunEventLog log, RunChangeNotifier notifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(log);
        if (FindOwned(store, http, id) is null)
        {
            return NotFound(id);
        }

        if (!TryReadCursor(http, out var after))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["after"] = ["Must be a whole number ≥ 0 (a seq)."] },
                title: "The event cursor is not valid.");
        }

        if (http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true))
        {
            return new EventStreamResult(id, after, log, notifier);
        }

        var events = await log.ReadAsync(id, after, cancellationToken);
        StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.Json, events.Count);
        return TypedResults.Text($"[{string.Join(',', events.Select(e => e.Json))}]", "application/json");
    }

    /// <summary>
    /// <c>POST /api/analyses/{id}/terminate?reason=</c>: logs <c>run_terminated</c> (closing the log), keeps what was
    /// written as the run's output (see <see cref="TerminatedOutput"/>) and stops the run.
    /// </summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string id, string? reason, HttpContext http, OrchestrationStore store, RunEventWriter events, EmbeddedOrchestrationEngine engine,
        TerminatedOutput terminatedOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(terminatedOutput);
        if (FindOwned(store, http, id) is not { } instance)
        {
            return NotFound(id);
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "Terminated by the user." : reason.Trim()[..Math.Min(reason.Trim().Length, 500)];
        var ended = TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run has already ended.", detail: $"Run '{id}' has already ended.");
        try
        {
            // A second terminate finds run_terminated by its dedupe key and appends nothing: the run had already ended.
            var appended = await events.EmitAsync(new RunContext(id, instance.Owner), new RunTerminated(why) { RunId = id }, EventTypes.RunTerminated, cancellationToken);
            if (appended.Count == 0)
            {
                return ended;
            }
        }
        catch (RunClosedException)
        {
            return ended;
        }

        // The log is closed now: the output is read from a transcript that no longer changes.
        engine.Terminate(id, why, await terminatedOutput.BuildAsync(instance, CancellationToken.None));
        return TypedResults.Accepted((string?)null);
    }

    private static bool TryReadCursor(HttpContext http, out long after)
    {
        after = 0;
        StringValues lastEventId = http.Request.Headers["Last-Event-ID"];
        var text = !StringValues.IsNullOrEmpty(lastEventId) ? lastEventId.ToString() : Query(http, "after");
        return text is null || (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after) && after >= 0);
    }

    private static InstanceRecord? FindOwned(OrchestrationStore store, HttpContext http, string id) =>
        store.Find(id) is { } instance && instance.Owner == CallerIdentity.Get(http) ? instance : null;

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found.", detail: $"No run '{id}' belongs to you.");

    private static string? Query(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
