using Microsoft.AspNetCore.SignalR;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>Sends logged events to the owner's hub connections (their user group) as <c>runEvent</c>, the log's JSON text written verbatim (see <see cref="LoggedEventPayload"/>).</summary>
public sealed class HubRunEventPublisher(IHubContext<AdvisorHub> hub) : IRunEventPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var user = hub.Clients.Group(AdvisorHub.UserGroup(ownerId));
        foreach (var stored in events)
        {
            await user.SendAsync(AdvisorHub.RunEventMethod, new LoggedEventPayload(stored), cancellationToken).ConfigureAwait(false);
        }

        StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.SignalR, events.Count);
    }
}

/// <summary>Publishes to several publishers in turn (the hub, then the in-process SSE notifier).</summary>
public sealed class CompositeRunEventPublisher(IEnumerable<IRunEventPublisher> publishers) : IRunEventPublisher
{
    private readonly IRunEventPublisher[] all = [.. publishers];

    /// <inheritdoc />
    public async Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var publisher in all)
        {
            await publisher.PublishAsync(ownerId, events, cancellationToken).ConfigureAwait(false);
        }
    }
}
