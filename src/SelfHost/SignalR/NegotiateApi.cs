using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using PortfolioAdvisor.SelfHost.Http;
using PortfolioAdvisor.SelfHost.Http.OpenApi;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>
/// <c>POST /api/negotiate</c>, answered as Azure SignalR Service's negotiate function answers: a redirect to the hub
/// (<c>url</c>) with an access token naming the caller, which the <c>@microsoft/signalr</c> client follows by itself.
/// So one client line, <c>withUrl(baseUrl + "/api")</c>, works against either host, and the connection's user is fixed
/// here, at negotiate, by the server.
/// </summary>
public static class NegotiateApi
{
    /// <summary>Where the hub is mapped.</summary>
    public const string HubPath = "/hubs/advisor";

    /// <summary>Maps <c>/api/negotiate</c>.</summary>
    public static RouteHandlerBuilder MapNegotiateApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/negotiate", NegotiateAsync).RequireCaller()
            .WithTags("signalr")
            .WithName(ContractOperations.Negotiate)
            .WithSummary("SignalR negotiation for the caller: the hub's URL and an access token, which @microsoft/signalr follows.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>
    /// The redirect for the caller. In bearer mode the access token is the caller's own bearer token (the hub checks it as
    /// the API does); in the header modes, a hub token from <see cref="AccessTokenIssuer"/> valid for one hour.
    /// </summary>
    public static async Task<Ok<NegotiateResponse>> NegotiateAsync(HttpContext http, AccessTokenIssuer tokens)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{HubPath}";
        var own = await http.GetTokenAsync("access_token").ConfigureAwait(false);
        return TypedResults.Ok(new NegotiateResponse(url, own ?? tokens.Issue(CallerIdentity.Get(http))));
    }
}

/// <summary>The negotiate redirect: the hub's <paramref name="Url"/> and the <paramref name="AccessToken"/> to present there.</summary>
public sealed record NegotiateResponse(string Url, string AccessToken);
