using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Functions.Http;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.HttpContract;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary>
/// Invokes the Functions app's HTTP functions as the worker's ASP.NET Core integration does: a real
/// <see cref="DefaultHttpContext"/> (request body, headers and query; a response body read back), the app's services as
/// its request services, the route's <c>{id}</c> as the function's parameter and the test host's real
/// <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> as its <c>[DurableClient]</c>.
/// </summary>
public static class FunctionsHttp
{
    /// <summary>How long one invocation may take before its request is aborted (an SSE stream that never ends fails the test).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends <paramref name="request"/> to the function its method and route name and reads the answer.</summary>
    public static async Task<ContractResponse> SendAsync(FunctionsDurableHost host, ContractRequest request)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        var http = new DefaultHttpContext { RequestServices = host.Services };
        var split = request.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = split < 0 ? request.PathAndQuery : request.PathAndQuery[..split];
        http.Request.Method = request.Method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost", 7071);
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(split < 0 ? null : request.PathAndQuery[split..]);
        if (request.User is not null)
        {
            http.Request.Headers[Caller.ClientPrincipalIdHeader] = request.User;
        }

        foreach (var (name, value) in request.Headers)
        {
            http.Request.Headers[name] = value;
        }

        if (request.Body is not null)
        {
            http.Request.Body = new MemoryStream(request.Body);
            http.Request.ContentLength = request.Body.Length;
            http.Request.ContentType = request.ContentType;
        }

        using var response = new MemoryStream();
        http.Response.Body = response;
        using var timeout = new CancellationTokenSource(Timeout);
        http.RequestAborted = timeout.Token;

        await Invoke(host, http, path.Split('/', StringSplitOptions.RemoveEmptyEntries), timeout.Token);
        Assert.False(timeout.IsCancellationRequested, $"{request.Method} {request.PathAndQuery} did not answer within {Timeout}");

        var headers = http.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        return new ContractResponse(http.Response.StatusCode, headers, System.Text.Encoding.UTF8.GetString(response.ToArray()));
    }

    private static Task Invoke(FunctionsDurableHost host, HttpContext http, string[] route, CancellationToken cancellationToken)
    {
        var analyses = ActivatorUtilities.CreateInstance<AnalysesFunctions>(host.Services);
        var conversations = ActivatorUtilities.CreateInstance<ConversationsFunctions>(host.Services);
        var request = http.Request;
        return (request.Method, route) switch
        {
            ("POST", ["api", "analyses"]) => analyses.StartAnalysis(request, host.Client, cancellationToken),
            ("GET", ["api", "analyses", var id]) => analyses.GetAnalysisStatus(request, Uri.UnescapeDataString(id), host.Client, cancellationToken),
            ("GET", ["api", "analyses", var id, "events"]) => analyses.GetAnalysisEvents(request, Uri.UnescapeDataString(id), host.Client, cancellationToken),
            ("POST", ["api", "analyses", var id, "terminate"]) => analyses.TerminateAnalysis(request, Uri.UnescapeDataString(id), host.Client, cancellationToken),
            ("POST", ["api", "analyses", var id, "messages"]) => conversations.PostMessage(request, Uri.UnescapeDataString(id), host.Client, cancellationToken),
            ("GET", ["api", "analyses", var id, "messages"]) => conversations.GetMessages(request, Uri.UnescapeDataString(id), host.Client, cancellationToken),
            ("POST", ["api", "agui"]) => ActivatorUtilities.CreateInstance<AgUiFunction>(host.Services).AgUiRun(request, host.Client, cancellationToken),
            ("GET", ["api", "health"]) => ActivatorUtilities.CreateInstance<HealthFunction>(host.Services).Health(request, host.Client, cancellationToken),
            _ => throw new ArgumentException($"No function serves {request.Method} /{string.Join('/', route)}."),
        };
    }
}
