using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Http;

/// <summary>
/// The <c>202</c> body of a start, with Durable Functions' names: absolute URLs built from the request (scheme, host,
/// path base) with the run id escaped as one path segment, so they hold behind either host.
/// </summary>
public sealed record StartResponse(string Id, string StatusQueryGetUri, string EventsUri, string TerminatePostUri)
{
    /// <summary>The URLs of run <paramref name="id"/> on the host that <paramref name="request"/> reached.</summary>
    public static StartResponse For(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = $"{request.Scheme}://{request.Host}{request.PathBase}/api/analyses/{Uri.EscapeDataString(id)}";
        return new StartResponse(id, status, $"{status}/events", $"{status}/terminate");
    }
}
