using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.Http;

/// <summary>Wiring of the shared HTTP contract.</summary>
public static class HttpContractExtensions
{
    /// <summary>
    /// Registers <see cref="AnalysesRoutes"/> and <see cref="StartLimiter"/> with <see cref="StartLimitOptions"/> bound
    /// to <c>Limits</c>. The host registers its <see cref="IRunChangeSignal"/>, the Domain's request reader, event log and
    /// writer, and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IHostApplicationBuilder AddAnalysesRoutes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StartLimitOptions>()
            .BindConfiguration(StartLimitOptions.SectionName)
            .Validate(o => o.StartsPerMinute > 0 && o.RunsInFlightPerUser > 0, "Limits:StartsPerMinute and Limits:RunsInFlightPerUser must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StartLimiter>();
        builder.Services.AddSingleton<AnalysesRoutes>();
        return builder;
    }

    /// <summary>
    /// Registers <see cref="ConversationRoutes"/> and <see cref="TurnStarter"/> (after <see cref="AddAnalysesRoutes"/>,
    /// whose start limits they share). The host registers its <see cref="IConversationRuns"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConversationRoutes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TurnStarter>();
        builder.Services.AddSingleton<ConversationRoutes>();
        return builder;
    }

    /// <summary>
    /// Registers <see cref="AgUiRoute"/> (<c>POST /api/agui</c>, after <see cref="AddAnalysesRoutes"/> and
    /// <see cref="AddConversationRoutes"/>, whose rules it uses).
    /// </summary>
    public static IHostApplicationBuilder AddAgUiRoute(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AgUiRoute>();
        return builder;
    }

    /// <summary>Writes the answer of <paramref name="route"/> to <paramref name="http"/>'s response: how a host without endpoint routing answers.</summary>
    public static async Task RespondAsync(this HttpContext http, Task<IResult> route)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(route);
        await (await route.ConfigureAwait(false)).ExecuteAsync(http).ConfigureAwait(false);
    }
}
