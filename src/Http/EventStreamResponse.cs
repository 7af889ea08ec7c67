using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PortfolioAdvisor.Http;

/// <summary>The headers every Server-Sent Events stream of the contract starts with, whatever it carries.</summary>
internal static class EventStreamResponse
{
    /// <summary>
    /// Makes the response a <c>200</c> <c>text/event-stream</c> that no cache stores and no proxy (nginx:
    /// <c>X-Accel-Buffering</c>) or server layer buffers, so each event leaves as it is written.
    /// </summary>
    public static HttpResponse Begin(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return response;
    }
}
