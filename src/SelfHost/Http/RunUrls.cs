namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>The absolute URLs of a run, named as Durable Functions names them in its 202 answer.</summary>
public sealed record StartResponse(string Id, string StatusQueryGetUri, string EventsUri, string TerminatePostUri)
{
    /// <summary>The URLs of run <paramref name="id"/> on the host that <paramref name="request"/> reached.</summary>
    public static StartResponse For(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = $"{request.Scheme}://{request.Host}{request.PathBase}/api/analyses/{id}";
        return new StartResponse(id, status, $"{status}/events", $"{status}/terminate");
    }
}
