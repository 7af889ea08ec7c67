using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.SelfHost.SignalR;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>The self-host's caller identity: one authentication scheme per mode, and one policy for the API and the hub.</summary>
public static class IdentityExtensions
{
    /// <summary>
    /// Binds <see cref="CallerIdentityOptions"/> (validated on start), registers the mode's scheme behind the default
    /// <see cref="IdentityModes.CallerScheme"/> and the <see cref="IdentityModes.CallerPolicy"/> policy; in development
    /// mode adds the <see cref="LoopbackGuard"/>. Every mode puts the caller's id in the <see cref="ClaimTypes.NameIdentifier"/> claim.
    /// </summary>
    public static IHostApplicationBuilder AddCallerIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CallerIdentityOptions>().BindConfiguration(CallerIdentityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallerIdentityOptions>, CallerIdentityValidation>();
        var mode = builder.Configuration[$"{CallerIdentityOptions.SectionName}:Mode"] ?? IdentityModes.Development;
        var authentication = services.AddAuthentication(IdentityModes.CallerScheme)
            .AddPolicyScheme(IdentityModes.CallerScheme, null, caller => caller.ForwardDefaultSelector = http => mode == IdentityModes.Bearer
                ? BearerTokens.SchemeName
                : http.Request.Path.StartsWithSegments(NegotiateApi.HubPath) ? AccessTokenAuthentication.SchemeName : IdentityModes.HeaderScheme);
        if (mode == IdentityModes.Bearer)
        {
            authentication.AddJwtBearer(BearerTokens.SchemeName, _ => { });
            services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, BearerTokens>();
        }
        else
        {
            // A browser cannot set headers on a WebSocket: on the hub the caller is the token negotiate issued.
            authentication.AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenAuthentication>(AccessTokenAuthentication.SchemeName, null);
            authentication.AddScheme<HeaderAuthenticationOptions, HeaderAuthenticationHandler>(IdentityModes.HeaderScheme, null);
            services.AddOptions<HeaderAuthenticationOptions>(IdentityModes.HeaderScheme).Configure<IOptions<CallerIdentityOptions>>(ConfigureHeader);
        }

        if (mode == IdentityModes.Development)
        {
            services.AddLoopbackGuard();
        }

        services.AddAuthorization(authorization => authorization.AddPolicy(IdentityModes.CallerPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityModes.CallerScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.NameIdentifier)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, UnauthorizedProblem>();
        return builder;
    }

    /// <summary>Authentication, then authorization: after CORS (preflights pass) and before the per-user rate limiter.</summary>
    public static WebApplication UseCallerIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureHeader(HeaderAuthenticationOptions header, IOptions<CallerIdentityOptions> identity)
    {
        if (identity.Value.Mode != IdentityModes.TrustedHeader)
        {
            return;
        }

        var proxies = identity.Value.TrustedHeader.Proxies
            .Select(range => IPNetwork.TryParse(range, out var network) ? network : (IPNetwork?)null)
            .OfType<IPNetwork>()
            .ToArray();
        header.HeaderName = identity.Value.TrustedHeader.Name;
        header.IsTrustedPeer = peer => proxies.Any(network => network.Contains(peer));
    }
}
