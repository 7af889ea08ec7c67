using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>Wiring of the HTTP functions' services.</summary>
public static class AnalysesApiRegistration
{
    /// <summary>Registers the shared request reader (unless the Domain already did) and the SSE writer.</summary>
    public static IHostApplicationBuilder AddAnalysesApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<PortfolioRequestReader>();
        builder.Services.AddSingleton<EventStreamWriter>();
        return builder;
    }
}
