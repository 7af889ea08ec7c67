using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>Sends logged events to the owner's hub connections (their user group) as <c>runEvent</c>, exactly as the log holds them.</summary>
public sealed class HubRunEventPublisher(IHubContext<AdvisorHub> hub) : IRunEventPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var user = hub.Clients.Group(AdvisorHub.UserGroup(ownerId));
        foreach (var stored in events)
        {
            // A JsonElement is written verbatim by the JSON hub protocol: clients get the logged document byte for byte.
            using var document = JsonDocument.Parse(stored.Json);
            await user.SendAsync(AdvisorHub.RunEventMethod, document.RootElement.Clone(), cancellationToken).ConfigureAwait(false);
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
