using System.Collections.Concurrent;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Streaming;

/// <summary>
/// In-process signal "run X has new events", for SSE listeners. Listeners then read the log after their last seq, so
/// the log stays the only source of order and nothing is missed or doubled.
/// </summary>
public sealed class RunChangeNotifier : IRunEventPublisher, IRunChangeSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> signals = new();

    /// <summary>A task that completes at the next append to <paramref name="runId"/>.</summary>
    public Task WaitForChangeAsync(string runId, CancellationToken cancellationToken) =>
        signals.GetOrAdd(runId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count > 0 && signals.TryRemove(events[0].RunId, out var signal))
        {
            signal.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
