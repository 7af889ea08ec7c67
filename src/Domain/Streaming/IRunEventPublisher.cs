namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Pushes logged events to the run owner's live connections (SignalR hub, SSE listeners). Delivery is best effort:
/// the log is the source of truth, and clients catch up from it with <c>events?after=</c>.
/// </summary>
public interface IRunEventPublisher
{
    /// <summary>Sends <paramref name="events"/>, in order, to every connection of user <paramref name="ownerId"/>.</summary>
    Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default);
}
