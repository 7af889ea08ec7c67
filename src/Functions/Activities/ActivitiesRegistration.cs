using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>Wiring of the Domain services the activities run on.</summary>
public static class ActivitiesRegistration
{
    /// <summary>
    /// Registers <see cref="RunEventWriter"/> and <see cref="AnalysisActivities"/> as singletons (unless the Domain's
    /// own extensions already did); the log, publisher, market data and advisor come from their own <c>Add…</c> calls.
    /// </summary>
    public static IHostApplicationBuilder AddAnalysisActivities(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<RunEventWriter>();
        builder.Services.TryAddSingleton<AnalysisActivities>();
        return builder;
    }
}
