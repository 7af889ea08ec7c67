using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>
/// The caller, named by <c>x-ms-client-principal-id</c> (the header App Service Authentication injects in Azure), set as
/// the request's principal (<see cref="Caller"/>). Requests without it are answered <c>401</c> before any handler runs.
/// </summary>
public static class CallerIdentity
{
    /// <summary>The header's name.</summary>
    public const string Header = Caller.ClientPrincipalIdHeader;

    private const string AuthenticationType = "ClientPrincipalHeader";

    /// <summary>The caller's user id (set by <see cref="RequireCaller{TBuilder}"/>).</summary>
    /// <exception cref="InvalidOperationException">The endpoint is not behind <see cref="RequireCaller{TBuilder}"/>.</exception>
    public static string Get(HttpContext http) =>
        Caller.Find(http) ?? throw new InvalidOperationException("No caller: the endpoint is not behind RequireCaller.");

    /// <summary>Answers <c>401</c> problem details to any request without a usable caller header.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            if (Caller.FromClientPrincipalHeader(context.HttpContext.Request, AuthenticationType) is not { } principal)
            {
                return ApiProblems.Unauthorized();
            }

            context.HttpContext.User = principal;
            return await next(context).ConfigureAwait(false);
        });
}
