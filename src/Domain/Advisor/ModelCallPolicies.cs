using Polly;
using Polly.Retry;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The Polly pipelines around model calls: before the first token, requests refused as transient (HTTP 408, 429, 5xx,
/// a broken connection, no first token within <see cref="AdvisorOptions.FirstTokenTimeoutSeconds"/>) are retried with
/// exponential backoff that honours <c>Retry-After</c> (capped by <see cref="AdvisorOptions.MaxRetryDelaySeconds"/>),
/// at most <see cref="AdvisorOptions.OpenRetries"/> times and within <see cref="AdvisorOptions.OpenTimeoutSeconds"/>.
/// </summary>
internal sealed class ModelCallPolicies
{
    private readonly ResiliencePipeline open;
    private readonly ResiliencePipeline complete;
    private readonly TimeSpan firstTokenTimeout;
    private readonly TimeProvider timeProvider;

    public ModelCallPolicies(AdvisorOptions options, TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        firstTokenTimeout = TimeSpan.FromSeconds(options.FirstTokenTimeoutSeconds);
        open = Build(options, TimeSpan.FromSeconds(options.OpenTimeoutSeconds), timeProvider);
        complete = Build(options, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), timeProvider);
    }

    /// <summary>
    /// Starts a streaming call and waits for its first delta (or its end); the caller owns the reader, whose model call
    /// lives until <paramref name="streamLifetime"/> is cancelled or the reader is disposed.
    /// </summary>
    public async Task<(DeltaReader Reader, DeltaRead First)> OpenStreamAsync(
        Func<CancellationToken, IAsyncEnumerable<ChatDelta>> stream, CancellationToken streamLifetime, CancellationToken cancellationToken) =>
        await open.ExecuteAsync(
            async token =>
            {
                // The reader outlives this callback, so it is not tied to Polly's token (pooled and reused after it).
                var reader = new DeltaReader(stream, timeProvider, streamLifetime);
                try
                {
                    var first = await reader.NextAsync(firstTokenTimeout, token).ConfigureAwait(false);
                    return first.IsWaiting
                        ? throw new ChatModelException($"no first token within {firstTokenTimeout.TotalSeconds:0.#} s", isTransient: true)
                        : (reader, first);
                }
                catch
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>The whole reply in one non-streaming call.</summary>
    public ValueTask<ChatDelta> CompleteAsync(Func<CancellationToken, Task<ChatDelta>> call, CancellationToken cancellationToken) =>
        complete.ExecuteAsync(async token => await call(token).ConfigureAwait(false), cancellationToken);

    private static ResiliencePipeline Build(AdvisorOptions options, TimeSpan bound, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(bound);
        if (options.OpenRetries > 0)
        {
            var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ChatModelException>(ex => ex.IsTransient),
                MaxRetryAttempts = options.OpenRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ChatModelException { RetryAfter: { } after } ? (TimeSpan?)(after < maxDelay ? after : maxDelay) : null),
            });
        }

        return builder.Build();
    }
}
