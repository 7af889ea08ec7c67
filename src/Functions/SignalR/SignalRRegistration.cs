using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>Wiring of the SignalR publisher.</summary>
public static class SignalRRegistration
{
    /// <summary>Registers the one <see cref="AdvisorHubContext"/> (started with the host) and <see cref="SignalRRunEventPublisher"/>.</summary>
    public static IHostApplicationBuilder AddAdvisorHub(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AdvisorHubContext>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdvisorHubContext>());
        builder.Services.AddSingleton<IRunEventPublisher, SignalRRunEventPublisher>();
        return builder;
    }
}
