using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>
/// Issues and checks the hub access tokens that negotiate hands out in the header modes (development, trusted-header),
/// where the caller has no token of its own and a browser cannot set the header on a WebSocket. The token is an ASP.NET
/// Core Data Protection payload (authenticated, encrypted, time-limited) holding the user id: the host is both issuer
/// and audience, so no signing key needs configuring. In bearer mode negotiate hands back the caller's own JWT instead.
/// </summary>
public sealed class AccessTokenIssuer(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>How long a token is valid: one hour, like the service's default.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector protector =
        provider.CreateProtector("PortfolioAdvisor.SignalR.AccessToken").ToTimeLimitedDataProtector();

    /// <summary>A token naming <paramref name="userId"/>.</summary>
    public string Issue(string userId) => protector.Protect(userId, time.GetUtcNow() + Lifetime);

    /// <summary>The user the token names, or null when it is forged or expired.</summary>
    public string? Validate(string token)
    {
        try
        {
            return protector.Unprotect(token, out var expiration) is { Length: > 0 } user && expiration > time.GetUtcNow() ? user : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>The authentication scheme of hub connections in the header modes: <c>access_token</c> query (WebSockets, SSE) or Bearer header.</summary>
public sealed class AccessTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokenIssuer issuer)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "AdvisorAccessToken";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = Request.Query["access_token"];
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            token = header["Bearer ".Length..];
        }

        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (issuer.Validate(token) is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid or expired access token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
