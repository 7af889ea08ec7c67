using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.Conversations;

/// <summary>Registers the turn's agent loop: <see cref="TurnAdvisor"/> and <see cref="ConversationTurnActivities"/>.</summary>
public static class TurnLoopExtensions
{
    /// <summary>
    /// Registers <see cref="TurnAdvisor"/> and <see cref="ConversationTurnActivities"/> as singletons, and, when
    /// <c>AddAdvisor</c> registered no model port (no model configured), <see cref="OfflineTurnChatClient"/> as the
    /// turn's <see cref="IChatClient"/>: the offline advisor answers turns, and is never substituted for a configured
    /// model. Needs <see cref="IAdvisorTools"/> and the offline client (<c>AddConversationTools</c>) and the host's
    /// <see cref="Streaming.RunEventWriter"/>; call after <c>AddAdvisor</c>.
    /// </summary>
    public static IHostApplicationBuilder AddConversationTurns(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<OfflineTurnChatClient>());
        builder.Services.TryAddSingleton<TurnAdvisor>();
        builder.Services.TryAddSingleton<ConversationTurnActivities>();
        return builder;
    }
}
