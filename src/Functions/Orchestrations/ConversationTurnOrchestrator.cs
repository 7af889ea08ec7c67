using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PortfolioAdvisor.Conversations;

namespace PortfolioAdvisor.Functions.Orchestrations;

/// <summary>The orchestrator function of a conversation's turn: hands Durable's context to the orchestration written once in the Domain.</summary>
public static class ConversationTurnOrchestrator
{
    /// <summary>Runs <see cref="ConversationTurnOrchestration"/> for the instance's <see cref="TurnInput"/>.</summary>
    /// <returns>The turn's output (contract 1.1).</returns>
    /// <exception cref="InvalidOperationException">The instance was started without an input.</exception>
    /// <exception cref="TurnLoopLimitException">The model kept calling tools past <see cref="TurnLimits"/> (the instance fails; <c>run_failed</c> was logged).</exception>
    [Function(ConversationTurnOrchestration.Name)]
    public static Task<TurnOutput> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<TurnInput>()
            ?? throw new InvalidOperationException($"Instance {context.InstanceId} has no {nameof(TurnInput)}.");
        return ConversationTurnOrchestration.RunAsync(new DurableOrchestrationContext(context), input);
    }
}
