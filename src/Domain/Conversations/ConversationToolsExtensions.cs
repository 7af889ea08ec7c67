using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.Conversations;

/// <summary>Registers the conversation's tools and the offline advisor for turns.</summary>
public static class ConversationToolsExtensions
{
    /// <summary>
    /// Registers <see cref="AdvisorTools"/> as the singleton <see cref="IAdvisorTools"/> and <see cref="OfflineTurnChatClient"/>
    /// as a singleton of its own type (the agent loop chooses it as its <c>IChatClient</c> when no model is configured).
    /// Needs the <c>MarketDataSet</c> (<c>AddMarketData</c>) and, for the offline client, <c>AddAdvisor</c>'s options and
    /// <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHostApplicationBuilder AddConversationTools(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAdvisorTools, AdvisorTools>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OfflineTurnChatClient>();
        return builder;
    }
}
