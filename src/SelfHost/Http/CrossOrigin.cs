namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>
/// Lets a page served from another origin (the static page in front of a deployment) call the API and the hub.
/// Off unless <c>Cors:AllowedOrigins</c> names origins; credentials are allowed because the SignalR client sends them.
/// </summary>
public static class CrossOrigin
{
    private const string Policy = "page";

    /// <summary>Registers the policy from <c>Cors:AllowedOrigins</c> (an array of origins).</summary>
    public static IHostApplicationBuilder AddCrossOrigin(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(Policy, policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials().WithExposedHeaders("Location", "Retry-After");
            }
        }));
        return builder;
    }

    /// <summary>Applies the policy.</summary>
    public static WebApplication UseCrossOrigin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors(Policy);
        return app;
    }
}
