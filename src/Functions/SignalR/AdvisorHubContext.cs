using Azure.Identity;
using Microsoft.Azure.SignalR;
using Microsoft.Azure.SignalR.Management;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>
/// The one long-lived <see cref="ServiceHubContext"/> of hub <c>advisor</c>, created in the background when the worker
/// starts; it pushes <c>runEvent</c> to each run's owner. Persistent transport keeps a WebSocket open to the
/// service, so a token costs one frame instead of one REST call.
/// </summary>
public sealed class AdvisorHubContext(IConfiguration configuration, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<ServiceHubContext> context = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Kept for the app's lifetime with the hub context it created; both are disposed with the host.
    private ServiceManager? manager;

    /// <summary>The hub context, once created.</summary>
    public Task<ServiceHubContext> GetAsync() => context.Task;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: in persistent mode the Management SDK waits for the service connection (up to a minute, see its
        // ConnectionService), and the worker's start must not wait on SignalR; publishers await GetAsync.
        _ = CreateAsync();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateAsync()
    {
        try
        {
            manager = new ServiceManagerBuilder()
                .WithOptions(Configure)
                .WithLoggerFactory(loggerFactory)
                .BuildServiceManager();
            context.TrySetResult(await manager.CreateHubContextAsync(AdvisorHub.Name, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            // Publishing is best effort (clients catch up from the log), so a SignalR outage must not stop the host;
            // every failure completes the task, so nothing awaiting GetAsync waits forever.
            loggerFactory.CreateLogger<AdvisorHubContext>().LogError(ex, "SignalR hub context could not be created");
            context.TrySetException(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (context.Task.IsCompletedSuccessfully)
        {
            await context.Task.Result.DisposeAsync().ConfigureAwait(false);
        }

        (manager as IDisposable)?.Dispose();
    }

    private void Configure(ServiceManagerOptions options)
    {
        options.ServiceTransportType = ServiceTransportType.Persistent;
        var section = configuration.GetSection(AdvisorHub.ConnectionSetting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            options.ConnectionString = section.Value;
            return;
        }

        var serviceUri = section["serviceUri"]
            ?? throw new InvalidOperationException($"Set {AdvisorHub.ConnectionSetting} or {AdvisorHub.ConnectionSetting}__serviceUri.");
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = section["clientId"] });
        options.ServiceEndpoints = [new ServiceEndpoint(new Uri(serviceUri), credential)];
    }
}
