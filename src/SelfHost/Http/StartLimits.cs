using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>How many runs a user may start, and have in flight at once.</summary>
public sealed class StartLimitOptions
{
    /// <summary>Runs a user may start per minute (token bucket, refilled continuously). Default 30.</summary>
    public int StartsPerMinute { get; set; } = 30;

    /// <summary>Runs of one user that may be Pending or Running at once. Default 5.</summary>
    public int RunsInFlightPerUser { get; set; } = 5;
}

/// <summary>Per-user rate limiting of <c>POST /api/analyses</c>: <c>429</c> problem details with <c>Retry-After</c>.</summary>
public static class StartLimits
{
    /// <summary>The rate-limiting policy's name.</summary>
    public const string Policy = "starts";

    /// <summary>Registers the per-user token bucket.</summary>
    public static IHostApplicationBuilder AddStartLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection("Limits").Get<StartLimitOptions>() ?? new StartLimitOptions();
        builder.Services.AddOptions<StartLimitOptions>().BindConfiguration("Limits");
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.StartsPerMinute,
                    TokensPerPeriod = Math.Max(1, options.StartsPerMinute / 6),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                await TooManyRuns(context.HttpContext, retryAfter, "Too many analyses started; try again shortly.")
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        return builder;
    }

    /// <summary>A <c>429</c> problem with <c>Retry-After</c> (whole seconds, at least 1).</summary>
    public static IResult TooManyRuns(HttpContext http, TimeSpan retryAfter, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: detail);
    }
}
