using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Identity;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>
/// The caller, as the configured identity mode established it (see <see cref="IdentityExtensions.AddCallerIdentity"/>):
/// the <c>NameIdentifier</c> claim of the request's principal, read by <see cref="Caller.Find"/>. Requests without one
/// are answered <c>401</c> before any handler runs.
/// </summary>
public static class CallerIdentity
{
    /// <summary>The header App Service Authentication injects in Azure, and the self-host reads in development mode.</summary>
    public const string Header = Caller.ClientPrincipalIdHeader;

    /// <summary>The caller's user id (present on every endpoint behind <see cref="RequireCaller{TBuilder}"/>).</summary>
    /// <exception cref="InvalidOperationException">The endpoint is not behind the caller policy, so there is no caller.</exception>
    public static string Get(HttpContext http) =>
        Caller.Find(http) ?? throw new InvalidOperationException("No caller: the endpoint is not behind the caller policy.");

    /// <summary>Puts the endpoints behind the caller policy: <c>401</c> problem details to any request without a caller.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(IdentityModes.CallerPolicy);
}
