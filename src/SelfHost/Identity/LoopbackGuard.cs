using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// Development mode believes whoever the header names, so the self-host refuses to bind any address that is not loopback
/// in that mode. The check runs on each endpoint as Kestrel prepares it (from <c>--urls</c>, <c>ASPNETCORE_URLS</c>,
/// <c>Kestrel:Endpoints</c> or code), before that endpoint is bound: nothing is served on it.
/// </summary>
public static class LoopbackGuard
{
    /// <summary>Throws <see cref="InvalidOperationException"/> for any endpoint of Kestrel that is not a loopback IP address.</summary>
    public static IServiceCollection AddLoopbackGuard(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(Check));

    /// <summary>The refusal for <paramref name="endpoint"/>, or nothing when it is a loopback address.</summary>
    internal static void Check(ListenOptions endpoint)
    {
        if (endpoint.IPEndPoint is { } ip && IPAddress.IsLoopback(ip.Address))
        {
            return;
        }

        throw new InvalidOperationException(
            $"Identity:Mode is '{IdentityModes.Development}': any request may name any user in the '{Http.CallerIdentity.Header}' header, " +
            $"which is safe only while the self-host listens on loopback addresses alone, but it was asked to listen on {endpoint}. " +
            "Listen on 127.0.0.1 or [::1] only (e.g. --urls http://127.0.0.1:5000), or choose how callers are identified: " +
            $"--Identity:Mode={IdentityModes.Bearer} with Authentication:Schemes:Bearer (an OpenID Connect issuer or signing keys), or " +
            $"--Identity:Mode={IdentityModes.TrustedHeader} with Identity:TrustedHeader:Name and :Proxies behind a proxy that sets the header. " +
            "See docs/security.md.");
    }
}
