using System.Collections.Concurrent;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Fakes;

/// <summary>An <see cref="IRunEventPublisher"/> that records what it was asked to send, per owner, in order.</summary>
public sealed class RecordingRunEventPublisher : IRunEventPublisher
{
    private readonly ConcurrentQueue<(string OwnerId, StoredEvent Event)> published = new();

    /// <summary>Every published event with its owner, in publish order.</summary>
    public IReadOnlyList<(string OwnerId, StoredEvent Event)> Published => [.. published];

    /// <summary>How many times <see cref="PublishAsync"/> was called (one call per SignalR send in a real host).</summary>
    public int Calls => calls;

    private int calls;

    /// <inheritdoc />
    public Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        Interlocked.Increment(ref calls);
        foreach (var stored in events)
        {
            published.Enqueue((ownerId, stored));
        }

        return Task.CompletedTask;
    }
}
