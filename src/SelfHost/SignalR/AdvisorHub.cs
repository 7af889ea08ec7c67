using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PortfolioAdvisor.SelfHost.Identity;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>
/// The <c>advisor</c> hub. Clients only listen: the server calls <c>runEvent</c> on every connection of a run's owner.
/// The connection's user is fixed by the access token negotiate answered with (the caller's own JWT in bearer mode).
/// </summary>
[Authorize(Policy = IdentityModes.CallerPolicy)]
public sealed class AdvisorHub(ConnectionCounter connections) : Hub
{
    /// <summary>The client method every run event is sent to.</summary>
    public const string RunEventMethod = "runEvent";

    /// <summary>
    /// The group holding every connection of <paramref name="userId"/>. Events are sent to it rather than through
    /// <c>Clients.User</c>, which scans every connection of the server on each send.
    /// </summary>
    public static string UserGroup(string userId) => $"user:{userId}";

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        connections.Increment();
        StreamMetrics.StreamOpened(AdvisorTelemetry.Transports.SignalR);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(Context.UserIdentifier!)).ConfigureAwait(false);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Decrement();
        StreamMetrics.StreamClosed(AdvisorTelemetry.Transports.SignalR);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Counts open hub connections for <c>/api/health</c>.</summary>
public sealed class ConnectionCounter
{
    private int count;

    /// <summary>Open connections now.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>A connection opened.</summary>
    public void Increment() => Interlocked.Increment(ref count);

    /// <summary>A connection closed.</summary>
    public void Decrement() => Interlocked.Decrement(ref count);
}
