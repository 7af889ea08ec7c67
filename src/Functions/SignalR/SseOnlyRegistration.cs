using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>
/// Wiring of a build without the Azure SignalR Service adapter (<c>SignalRService=false</c>): events are still logged
/// and served by the status and SSE routes, which read the Table log; nothing is pushed.
/// </summary>
public static class SignalRRegistration
{
    /// <summary>Registers a publisher that delivers nothing: SSE clients read the log themselves.</summary>
    public static IHostApplicationBuilder AddAdvisorHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IRunEventPublisher, LogOnlyRunEventPublisher>();
        return builder;
    }

    private sealed class LogOnlyRunEventPublisher : IRunEventPublisher
    {
        public Task PublishAsync(string ownerId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}
