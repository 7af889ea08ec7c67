using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The 202 body of <c>POST /api/analyses</c>, with Durable Functions' names. URIs are absolute, built from the request
/// (forwarded headers applied by the ASP.NET Core integration), so they hold behind the Functions host.
/// </summary>
public sealed record RunLinks(string Id, string StatusQueryGetUri, string EventsUri, string TerminatePostUri)
{
    /// <summary>The links of run <paramref name="id"/> as seen by <paramref name="request"/>.</summary>
    public static RunLinks For(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = $"{request.Scheme}://{request.Host}{request.PathBase}/api/analyses/{Uri.EscapeDataString(id)}";
        return new RunLinks(id, status, status + "/events", status + "/terminate");
    }
}
