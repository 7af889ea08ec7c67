using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.Conversations;

/// <summary>Registers the conversation's tools and the offline advisor for turns.</summary>
public static class ConversationToolsExtensions
{
    /// <summary>
    /// Registers <see cref="AdvisorTools"/> as the singleton <see cref="IAdvisorTools"/>, <see cref="OfflineTurnChatClient"/>
    /// as a singleton of its own type, and that client as the <see cref="IChatClient"/> unless one is registered already
    /// (by <c>AddAdvisor</c>, when a model is configured): call after <c>AddAdvisor</c>. Needs the <c>MarketDataSet</c>
    /// (<c>AddMarketData</c>) and <c>AddAdvisor</c>'s options.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHostApplicationBuilder AddConversationTools(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAdvisorTools, AdvisorTools>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OfflineTurnChatClient>();
        builder.Services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<OfflineTurnChatClient>());
        return builder;
    }
}
