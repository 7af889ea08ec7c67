using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Http;

/// <summary>
/// The conversation side of the routes, as each host keeps it (the self-host: its SQLite store and embedded engine;
/// Azure: Durable Functions and Table storage). A turn is also a run of <see cref="IAnalysisRuns"/>, which serves its
/// status, events and terminate. The routes own every rule (<see cref="TurnStarter"/>); implementations only look up,
/// record and schedule.
/// </summary>
public interface IConversationRuns
{
    /// <summary>
    /// Analysis <paramref name="analysisId"/> with its owner, status, input and (once completed) output; null when there
    /// is no such run or the run is not an analysis (a turn is not a conversation).
    /// </summary>
    Task<ConversationAnalysis?> FindAnalysisAsync(string analysisId, CancellationToken cancellationToken);

    /// <summary>The turns of conversation <paramref name="conversationId"/> (= the analysis id), oldest first.</summary>
    Task<IReadOnlyList<ConversationTurn>> ListTurnsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="turn"/> as the newest turn of its conversation, only if the conversation's newest turn is
    /// still <paramref name="expectedLatestTurnId"/> (null: the conversation has no turn yet). Atomic, so of two questions
    /// racing after the same turn only one is recorded.
    /// </summary>
    /// <returns>False, recording nothing, when another turn was recorded meanwhile.</returns>
    Task<bool> TryRecordTurnAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken);

    /// <summary>Schedules the turn orchestration (<see cref="ConversationTurnOrchestration"/>) for <paramref name="input"/>, owned by its run's owner.</summary>
    Task ScheduleTurnAsync(TurnInput input, CancellationToken cancellationToken);
}

/// <summary>
/// An analysis as a conversation sees it: its id (the conversation id), its owner, its <c>runtimeStatus</c> (one of
/// <see cref="RuntimeStatuses"/>), the request it was started with, and its output (null until <c>Completed</c>).
/// </summary>
public sealed record ConversationAnalysis(string Id, string OwnerId, string RuntimeStatus, AnalysisInput Input, AnalysisOutput? Output)
{
    /// <summary>True when <paramref name="callerId"/> owns the analysis (ordinal: ids are opaque).</summary>
    public bool IsOwnedBy(string callerId) => string.Equals(OwnerId, callerId, StringComparison.Ordinal);
}

/// <summary>
/// One turn in a conversation's index: the conversation (= analysis) id, the turn's id (= its run id), its owner, the
/// question as validated, and when it was asked (UTC). The answer is read from the turn's event log.
/// </summary>
public sealed record ConversationTurn(string ConversationId, string TurnId, string OwnerId, string Question, DateTimeOffset Created);
