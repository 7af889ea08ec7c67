using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.SignalR;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// The bearer mode's rules on top of ASP.NET Core's binding of <c>Authentication:Schemes:Bearer</c> (<c>Authority</c>,
/// <c>ValidAudiences</c>, <c>ValidIssuer</c>, <c>SigningKeys</c>: what <c>dotnet user-jwts</c> writes): issuer, audience,
/// lifetime and signature always checked; the caller is the token's <c>oid</c> (Entra ID's object id, the id App Service
/// Authentication names) or else its <c>sub</c>; on the hub the token may come as the <c>access_token</c> query, as
/// SignalR clients send it over WebSockets and Server-Sent Events.
/// </summary>
public sealed class BearerTokens : IPostConfigureOptions<JwtBearerOptions>
{
    /// <summary>The scheme's name, and so its configuration section <c>Authentication:Schemes:Bearer</c>.</summary>
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The claims that may name the caller, first found wins.</summary>
    public static readonly IReadOnlyList<string> SubjectClaims = ["oid", "sub"];

    /// <inheritdoc />
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != SchemeName)
        {
            return;
        }

        // Raw claim names ("sub", "oid"), not the WS-Federation URIs the inbound map would turn them into.
        options.MapInboundClaims = false;
        // Negotiate hands the caller's own token back as the hub's access token (see NegotiateApi).
        options.SaveToken = true;
        var parameters = options.TokenValidationParameters;
        parameters.ValidateIssuer = true;
        parameters.ValidateAudience = true;
        parameters.ValidateLifetime = true;
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateIssuerSigningKey = true;
        parameters.NameClaimType = "sub";
        options.Events ??= new JwtBearerEvents();
        options.Events.OnMessageReceived = ReadHubQueryToken;
        options.Events.OnTokenValidated = NameTheCaller;
    }

    private static Task ReadHubQueryToken(MessageReceivedContext context)
    {
        if (context.HttpContext.Request.Path.StartsWithSegments(NegotiateApi.HubPath)
            && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    private static Task NameTheCaller(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var subject = SubjectClaims.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        if (subject is null || subject.Length > HeaderAuthenticationHandler.MaxLength || subject.Any(char.IsControl))
        {
            context.Fail("The token names no usable subject (oid or sub).");
        }
        else if (principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
        }

        return Task.CompletedTask;
    }
}
