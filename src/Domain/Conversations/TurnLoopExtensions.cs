using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.Conversations;

/// <summary>Registers the turn's agent loop: <see cref="TurnAdvisor"/> and <see cref="ConversationTurnActivities"/>.</summary>
public static class TurnLoopExtensions
{
    /// <summary>
    /// Registers <see cref="TurnAdvisor"/> and <see cref="ConversationTurnActivities"/> as singletons. They need the model
    /// port (<see cref="Microsoft.Extensions.AI.IChatClient"/>, registered by <c>AddAdvisor</c> when a model is
    /// configured, else the offline advisor for turns), <see cref="IAdvisorTools"/>, and the host's
    /// <see cref="Streaming.RunEventWriter"/>; call after <c>AddAdvisor</c>.
    /// </summary>
    public static IHostApplicationBuilder AddConversationTurns(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TurnAdvisor>();
        builder.Services.TryAddSingleton<ConversationTurnActivities>();
        return builder;
    }
}
