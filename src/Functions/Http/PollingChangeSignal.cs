using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The Azure host's <see cref="IRunChangeSignal"/>: Table storage has no change feed, and the activities that append
/// run on other instances, so an SSE stream reads the run's partition again every <see cref="PollInterval"/>. Each poll
/// is one range query that usually returns nothing; the interval bounds the added latency per event batch.
/// </summary>
public sealed class PollingChangeSignal(TimeProvider time) : IRunChangeSignal
{
    /// <summary>How often the log is read for new events: 250 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc />
    public Task WaitForChangeAsync(string runId, CancellationToken cancellationToken) => Task.Delay(PollInterval, time, cancellationToken);
}
