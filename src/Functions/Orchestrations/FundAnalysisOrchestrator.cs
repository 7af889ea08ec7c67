using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Orchestrations;

/// <summary>The orchestrator function: hands Durable's context to the orchestration written once in the Domain.</summary>
public static class FundAnalysisOrchestrator
{
    /// <summary>Runs <see cref="FundAnalysisOrchestration"/> for the instance's <see cref="AnalysisInput"/>.</summary>
    /// <exception cref="InvalidOperationException">The instance was started without an input.</exception>
    [Function(FundAnalysisOrchestration.Name)]
    public static Task<AnalysisOutput> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<AnalysisInput>()
            ?? throw new InvalidOperationException($"Instance {context.InstanceId} has no {nameof(AnalysisInput)}.");
        return FundAnalysisOrchestration.RunAsync(new DurableOrchestrationContext(context), input);
    }
}
