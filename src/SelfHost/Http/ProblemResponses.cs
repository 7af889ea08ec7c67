using Microsoft.AspNetCore.Diagnostics;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>Every error is <c>application/problem+json</c> (RFC 9457), never a stack trace.</summary>
public static class ProblemResponses
{
    /// <summary>Problem details for errors, with Kestrel's bad-request errors (e.g. 413) keeping their status.</summary>
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
            options.StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        return builder;
    }
}
