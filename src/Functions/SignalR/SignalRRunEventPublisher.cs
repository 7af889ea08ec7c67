using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>
/// Sends logged events to every connection of the run's owner as <c>runEvent</c>. Each event is sent as a
/// <see cref="JsonElement"/> parsed from the logged text: in persistent mode the Management SDK writes arguments with
/// ASP.NET Core's <c>JsonHubProtocol</c> (System.Text.Json), which writes a <see cref="JsonElement"/> verbatim, so
/// clients receive exactly the object the log holds.
/// </summary>
public sealed class SignalRRunEventPublisher(AdvisorHubContext hub, ILogger<SignalRRunEventPublisher> logger) : IRunEventPublisher
{
    /// <inheritdoc />
    public async Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        try
        {
            var context = await hub.GetAsync().ConfigureAwait(false);
            var owner = context.Clients.User(ownerId);
            foreach (var stored in events)
            {
                using var document = JsonDocument.Parse(stored.Json);
                await owner.SendAsync(AdvisorHub.RunEventMethod, document.RootElement.Clone(), cancellationToken).ConfigureAwait(false);
            }

            StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.SignalR, events.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort by contract: the log is the source of truth and clients catch up with events?after=.
            logger.LogWarning(ex, "Could not push {Count} events of run {RunId}", events.Count, events.FirstOrDefault()?.RunId);
        }
    }
}
