using System.Text.Json;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Conversations;

/// <summary>
/// The self-host's <see cref="IConversationRuns"/>: analyses and turns are instances of the embedded engine (SQLite), the
/// turn index is <see cref="ConversationStore"/>.
/// </summary>
public sealed class EmbeddedConversationRuns(OrchestrationStore store, ConversationStore turns, EmbeddedOrchestrationEngine engine) : IConversationRuns
{
    /// <inheritdoc />
    public Task<ConversationAnalysis?> FindAnalysisAsync(string analysisId, CancellationToken cancellationToken)
    {
        if (store.Find(analysisId) is not { Name: FundAnalysisOrchestration.Name } instance)
        {
            return Task.FromResult<ConversationAnalysis?>(null);
        }

        var input = JsonSerializer.Deserialize<AnalysisInput>(instance.Input, ActivityRegistry.Json)!;
        var output = instance is { Status: RuntimeStatuses.Completed, Output: { } json } ? JsonSerializer.Deserialize<AnalysisOutput>(json, EventJson.StatusOptions) : null;
        return Task.FromResult<ConversationAnalysis?>(new ConversationAnalysis(instance.Id, instance.Owner, instance.Status, input, output));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationTurn>> ListTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(turns.List(conversationId));

    /// <inheritdoc />
    public Task<bool> TryRecordTurnAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken) =>
        Task.FromResult(turns.TryAppend(turn, expectedLatestTurnId));

    /// <inheritdoc />
    public Task ScheduleTurnAsync(TurnInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        engine.ScheduleNew(ConversationTurnOrchestration.Name, input.Run.RunId, input.Run.OwnerId, input);
        return Task.CompletedTask;
    }
}
