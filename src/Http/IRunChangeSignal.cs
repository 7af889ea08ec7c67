namespace PortfolioAdvisor.Http;

/// <summary>
/// "Run X may have new events", for SSE streams, which then read the log after their last seq (the log stays the only
/// source of order). The self-host is pushed by its notifier; Azure polls, the task completing after a poll interval.
/// </summary>
public interface IRunChangeSignal
{
    /// <summary>
    /// A task that completes at the next change of <paramref name="runId"/> (or a poll interval later). Taken before the
    /// stream reads the log once more, so an append between that read and the wait is not missed.
    /// </summary>
    Task WaitForChangeAsync(string runId, CancellationToken cancellationToken);
}
