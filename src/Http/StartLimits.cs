using System.Threading.RateLimiting;

namespace PortfolioAdvisor.Http;

/// <summary>How many runs a user may start, and have in flight at once (configuration section <c>Limits</c>).</summary>
public sealed class StartLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>Runs a user may start per minute (token bucket, refilled every 10 s by a sixth). Default 30.</summary>
    public int StartsPerMinute { get; set; } = 30;

    /// <summary>Runs of one user that may be Pending or Running at once. Default 5.</summary>
    public int RunsInFlightPerUser { get; set; } = 5;
}

/// <summary>
/// The per-user token bucket of starts, in this process (on Azure: per instance). A rate limiter from
/// <c>System.Threading.RateLimiting</c> rather than the ASP.NET Core middleware, so both hosts apply it in the route.
/// </summary>
public sealed class StartLimiter(Microsoft.Extensions.Options.IOptions<StartLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Value.StartsPerMinute),
            TokensPerPeriod = Math.Max(1, options.Value.StartsPerMinute / 6),
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>The limits in force.</summary>
    public StartLimitOptions Options => options.Value;

    /// <summary>Takes one start of <paramref name="userId"/>; null when allowed, else how long to wait (10 s when the limiter does not say).</summary>
    public TimeSpan? TryStart(string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
    }

    /// <inheritdoc />
    public void Dispose() => limiter.Dispose();
}
