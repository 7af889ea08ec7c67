using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>Wiring of the HTTP functions' services.</summary>
public static class AnalysesApiRegistration
{
    /// <summary>
    /// Registers the SSE writer and <see cref="TerminatedRunOutput"/> (a terminated run's output). The request reader the starter validates with comes from the Domain's
    /// <c>AddPortfolioInput</c>, the same registration as the self-host's.
    /// </summary>
    public static IHostApplicationBuilder AddAnalysesApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EventStreamWriter>();
        builder.Services.AddSingleton<TerminatedRunOutput>();
        return builder;
    }
}
