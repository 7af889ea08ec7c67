using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// A request the caller policy refuses gets its scheme's challenge (e.g. <c>WWW-Authenticate: Bearer</c>) and then
/// <c>401</c> problem details that say how this host expects the caller to be named.
/// </summary>
public sealed class UnauthorizedProblem(IProblemDetailsService problems, IOptions<CallerIdentityOptions> identity) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler challenge = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        await challenge.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        if (!authorizeResult.Challenged || context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = Detail(identity.Value) },
        }).ConfigureAwait(false);
    }

    private static string Detail(CallerIdentityOptions options) => options.Mode switch
    {
        IdentityModes.Bearer => "Every request must carry a valid bearer token from the configured issuer (Authorization: Bearer <token>); " +
            "a missing, expired, forged or other-audience token is refused.",
        IdentityModes.TrustedHeader => $"Every request must come through the configured proxy, which names the caller in the '{options.TrustedHeader.Name}' header.",
        _ => $"Every request must name its caller in the '{Http.CallerIdentity.Header}' header.",
    };
}
