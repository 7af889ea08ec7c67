using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Every error answer of the contract, in one table: <c>application/problem+json</c> (RFC 9457) with <c>type</c> (the
/// RFC 9110 section of the status), <c>title</c>, <c>status</c> and <c>detail</c>, and <c>errors</c> for validation.
/// </summary>
public static class ApiProblems
{
    private static readonly Dictionary<int, (string Type, string Title)> Table = new()
    {
        [StatusCodes.Status400BadRequest] = ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "The request is not valid."),
        [StatusCodes.Status401Unauthorized] = ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
        [StatusCodes.Status404NotFound] = ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Run not found."),
        [StatusCodes.Status409Conflict] = ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "The run has already ended."),
        [StatusCodes.Status413PayloadTooLarge] = ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        [StatusCodes.Status415UnsupportedMediaType] = ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        [StatusCodes.Status422UnprocessableEntity] = ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Content"),
        [StatusCodes.Status429TooManyRequests] = ("https://tools.ietf.org/html/rfc6585#section-4", "Too many requests."),
    };

    /// <summary>The <c>type</c> and <c>title</c> of the problem for <paramref name="status"/> (400 for a status not in the table).</summary>
    public static (string Type, string Title) Of(int status) =>
        Table.TryGetValue(status, out var entry) ? entry : Table[StatusCodes.Status400BadRequest];

    /// <summary>401: the request names no caller; <paramref name="detail"/> says how this host expects it named.</summary>
    public static IResult Unauthorized(string detail = $"Every request must name its caller in the '{Caller.ClientPrincipalIdHeader}' header.") =>
        Problem(StatusCodes.Status401Unauthorized, detail);

    /// <summary>404: no run <paramref name="id"/> belongs to the caller (another user's run is not revealed).</summary>
    public static IResult RunNotFound(string id) => Problem(StatusCodes.Status404NotFound, $"No run '{id}' belongs to you.");

    /// <summary>409: run <paramref name="id"/> has already ended, so terminating it changes nothing.</summary>
    public static IResult RunEnded(string id) => Problem(StatusCodes.Status409Conflict, $"Run '{id}' has already ended.");

    /// <summary>404: no analysis <paramref name="id"/> belongs to the caller (another user's is not revealed; a turn is not a conversation).</summary>
    public static IResult AnalysisNotFound(string id) => Problem(StatusCodes.Status404NotFound, $"No analysis '{id}' belongs to you.");

    /// <summary>404 for an AG-UI thread that is another user's (answered as if absent).</summary>
    public static IResult ThreadNotFound(string threadId) => Problem(StatusCodes.Status404NotFound, $"No thread '{threadId}' belongs to you.");

    /// <summary>The member of a turn conflict's problem naming the run in the way (contract 1.1).</summary>
    public const string RunningTurnIdMember = "runningTurnId";

    /// <summary>
    /// 409 with <see cref="RunningTurnIdMember"/>: conversation <paramref name="conversationId"/> cannot take a question
    /// now; <paramref name="runningTurnId"/> is the turn that has not ended (or the analysis still running; null when
    /// the analysis ended without completing).
    /// </summary>
    public static IResult TurnConflict(string conversationId, string? runningTurnId, string detail)
    {
        var (type, _) = Of(StatusCodes.Status409Conflict);
        return TypedResults.Problem(
            detail: detail, statusCode: StatusCodes.Status409Conflict, title: $"Conversation '{conversationId}' cannot take a question now.", type: type,
            extensions: new Dictionary<string, object?> { [RunningTurnIdMember] = runningTurnId });
    }

    /// <summary>413, 415 or 422: the body cannot be read for a reason other than validation.</summary>
    public static IResult Unsupported(int status, string detail) => Problem(status, detail);

    /// <summary>400 with <c>errors</c>: each offending field (for holdings: index and field) and its reasons.</summary>
    public static IResult Invalid(string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    {
        var (type, _) = Of(StatusCodes.Status400BadRequest);
        return TypedResults.ValidationProblem(errors, detail: detail, title: title, type: type);
    }

    /// <summary>400 naming <c>after</c>: the event cursor (<c>?after=</c> or <c>Last-Event-ID</c>) is not a whole number ≥ 0.</summary>
    public static IResult InvalidCursor() => Invalid(
        "The event cursor is not valid.",
        "The cursor (?after= or Last-Event-ID) must be a seq: a whole number ≥ 0.",
        new Dictionary<string, string[]> { [EventCursor.Name] = ["Must be a whole number ≥ 0 (a seq)."] });

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1) of <paramref name="retryAfter"/>.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan retryAfter, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, detail);
    }

    private static IResult Problem(int status, string detail)
    {
        var (type, title) = Of(status);
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
    }
}
