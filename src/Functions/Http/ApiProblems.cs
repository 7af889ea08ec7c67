using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The contract's error answers, all <c>application/problem+json</c> (RFC 9457).</summary>
public static class ApiProblems
{
    /// <summary>401: the request does not name its caller.</summary>
    public static IResult Unauthorized() => TypedResults.Problem(
        detail: $"The {Caller.PrincipalIdHeader} header is required.",
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.2");

    /// <summary>404: no such run for this caller (another user's run is not revealed).</summary>
    public static IResult RunNotFound(string id) => TypedResults.Problem(
        detail: $"No analysis '{id}' was found.",
        statusCode: StatusCodes.Status404NotFound,
        title: "Not Found",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    /// <summary>400 with <c>errors</c>: each offending field and its reasons.</summary>
    public static IResult Invalid(string detail, IReadOnlyDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors,
        detail: detail,
        title: "The portfolio cannot be analysed.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    /// <summary>413, 415 or 422: the body cannot be read for a reason other than validation.</summary>
    public static IResult Unsupported(int statusCode, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: statusCode,
        title: statusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Content Too Large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
            _ => "Unprocessable Content",
        });

    /// <summary>409: the run has already ended, so terminating it changes nothing.</summary>
    public static IResult RunEnded(string id) => TypedResults.Problem(
        detail: $"Run '{id}' has already ended.",
        statusCode: StatusCodes.Status409Conflict,
        title: "The run has already ended.",
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.10");
}
