using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The Azure skin of the shared routes: App Service Authentication names the signed-in user in
/// <c>x-ms-client-principal-id</c> (and strips that header from what clients send), which becomes the request's
/// principal, as the self-host's authentication sets it; then the route's answer is written.
/// </summary>
public static class AppServiceCaller
{
    /// <summary>The authentication type of the principal built from the header.</summary>
    public const string AuthenticationType = "AppServiceAuthentication";

    /// <summary>Sets <see cref="HttpContext.User"/> from the header when it names a caller (<see cref="Caller.FromClientPrincipalHeader"/>).</summary>
    public static HttpContext Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Caller.FromClientPrincipalHeader(request, AuthenticationType) is { } principal)
        {
            request.HttpContext.User = principal;
        }

        return request.HttpContext;
    }

    /// <summary>Authenticates <paramref name="request"/>, then answers it with <paramref name="route"/>.</summary>
    public static Task RespondAsync(HttpRequest request, Func<HttpContext, Task<IResult>> route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var http = Authenticate(request);
        return http.RespondAsync(route(http));
    }
}
