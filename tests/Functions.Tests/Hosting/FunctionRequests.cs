using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// An ASP.NET Core request as the Functions host hands it to an HTTP function (<c>ConfigureFunctionsWebApplication</c>):
/// a real <see cref="DefaultHttpContext"/> over the app's services, with the response body kept for reading.
/// </summary>
public static class FunctionRequests
{
    /// <summary>A request <paramref name="method"/> <paramref name="path"/> (with its query) from <paramref name="caller"/> (null: anonymous).</summary>
    public static HttpContext Create(IServiceProvider services, string method, string path, string? caller = "alice")
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = query < 0 ? path : path[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (caller is not null)
        {
            context.Request.Headers["x-ms-client-principal-id"] = caller;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>The response body written so far, as JSON.</summary>
    public static JsonElement ResponseJson(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = (MemoryStream)context.Response.Body;
        return JsonDocument.Parse(body.ToArray()).RootElement.Clone();
    }
}
