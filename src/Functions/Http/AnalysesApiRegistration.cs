using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>Wiring of the HTTP functions' services.</summary>
public static class AnalysesApiRegistration
{
    /// <summary>
    /// Registers the shared routes (<see cref="HttpContractExtensions.AddAnalysesRoutes"/>), the polling change signal
    /// of SSE streams, the conversation routes (<see cref="HttpContractExtensions.AddConversationRoutes"/>; their turn index
    /// is registered with the event log), the AG-UI endpoint (<see cref="HttpContractExtensions.AddAgUiRoute"/>), <see cref="DurableRuns"/> and <see cref="TerminatedRunOutput"/>. The request reader comes from the
    /// Domain's <c>AddPortfolioInput</c>, the same registration as the self-host's.
    /// </summary>
    public static IHostApplicationBuilder AddAnalysesApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAnalysesRoutes();
        builder.AddConversationRoutes();
        builder.AddAgUiRoute();
        builder.Services.AddSingleton<IRunChangeSignal, PollingChangeSignal>();
        builder.Services.AddSingleton<DurableRuns>();
        builder.Services.AddSingleton<TerminatedRunOutput>();
        return builder;
    }
}
