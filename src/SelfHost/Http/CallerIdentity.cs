namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>
/// The caller, named by <c>x-ms-client-principal-id</c> (the header App Service Authentication injects in Azure).
/// Requests without it are answered <c>401</c> before any handler runs.
/// </summary>
public static class CallerIdentity
{
    /// <summary>The header's name.</summary>
    public const string Header = "x-ms-client-principal-id";

    private const string ItemKey = "PortfolioAdvisor.Caller";

    /// <summary>The caller's user id (set by <see cref="RequireCaller{TBuilder}"/>).</summary>
    public static string Get(HttpContext http) => (string)http.Items[ItemKey]!;

    /// <summary>Answers <c>401</c> problem details to any request without a usable caller header.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            var value = context.HttpContext.Request.Headers[Header].ToString().Trim();
            if (value.Length is 0 or > 256 || value.Any(char.IsControl))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Unauthorized",
                    detail: $"Every request must name its caller in the '{Header}' header.");
            }

            context.HttpContext.Items[ItemKey] = value;
            return await next(context).ConfigureAwait(false);
        });
}
