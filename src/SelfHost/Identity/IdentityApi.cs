using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// <c>GET /api/identity</c>, anonymous: how the page should name its user on this host (the mode, and in bearer mode the
/// issuer and public client to sign in with). Nothing in it is secret or about any user.
/// </summary>
public static class IdentityApi
{
    /// <summary>Maps <c>/api/identity</c>: the self-host's page helper, not a route of the contract, so not in the OpenAPI document.</summary>
    public static RouteHandlerBuilder MapIdentityApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/identity", GetIdentity).AllowAnonymous().ExcludeFromDescription();

    /// <summary>The mode, and the sign-in settings when the mode is bearer.</summary>
    public static Ok<IdentityResponse> GetIdentity(IOptions<CallerIdentityOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var identity = options.Value;
        if (identity.Mode != IdentityModes.Bearer)
        {
            return TypedResults.Ok(new IdentityResponse(identity.Mode, null));
        }

        var authority = identity.SignIn.Authority ?? configuration[$"{CallerIdentityValidation.BearerSection}:Authority"];
        return TypedResults.Ok(new IdentityResponse(identity.Mode, new SignInResponse(authority, identity.SignIn.ClientId, identity.SignIn.Scope)));
    }
}

/// <summary>The identity answer: <paramref name="Mode"/> (<c>development</c>, <c>bearer</c>, <c>trusted-header</c>) and, in bearer mode, <paramref name="SignIn"/>.</summary>
public sealed record IdentityResponse(string Mode, SignInResponse? SignIn);

/// <summary>
/// Where the page signs in: the OpenID Connect <paramref name="Authority"/> (issuer URL, or null when tokens come from
/// configured keys), the public <paramref name="ClientId"/> (null: the page offers pasting a token) and <paramref name="Scope"/>.
/// </summary>
public sealed record SignInResponse(string? Authority, string? ClientId, string Scope);
