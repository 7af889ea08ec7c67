using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The Azure host's <see cref="IConversationRuns"/>: analyses and turns are Durable instances seen through the request's
/// <see cref="DurableTaskClient"/>, owners are in the Table run registry, the turn index is <see cref="ITurnIndex"/>.
/// </summary>
public sealed class DurableConversationRuns(DurableTaskClient client, IRunRegistry registry, ITurnIndex turns) : IConversationRuns
{
    /// <inheritdoc />
    public async Task<ConversationAnalysis?> FindAnalysisAsync(string analysisId, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(analysisId, cancellationToken).ConfigureAwait(false) is not { } run
            || await client.GetInstanceAsync(analysisId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is not { } metadata
            || metadata.Name != FundAnalysisOrchestration.Name
            || metadata.ReadInputAs<AnalysisInput>() is not { } input)
        {
            return null;
        }

        var status = DurableAnalysisRuns.ContractStatus(metadata.RuntimeStatus);
        var output = status == RuntimeStatuses.Completed && metadata.SerializedOutput is not null ? metadata.ReadOutputAs<AnalysisOutput>() : null;
        return new ConversationAnalysis(analysisId, run.OwnerId, status, input, output);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationTurn>> ListTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
        turns.ListAsync(conversationId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryRecordTurnAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken) =>
        turns.TryAppendAsync(turn, expectedLatestTurnId, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The turn's owner is registered first, as an analysis' is, so its status, events and terminate routes find it.</remarks>
    public async Task ScheduleTurnAsync(TurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await registry.RegisterAsync(input.Run.RunId, input.Run.OwnerId, cancellationToken).ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(
            ConversationTurnOrchestration.Name, input, new StartOrchestrationOptions(input.Run.RunId), cancellationToken).ConfigureAwait(false);
    }
}
