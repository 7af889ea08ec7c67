using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>
/// The steps of a turn, each a trigger over the Domain's <see cref="ConversationTurnActivities"/>: one activity per model
/// call and per tool call, so Durable's history holds what was already answered and a replay or a restart does not pay
/// for it twice.
/// </summary>
public sealed class ConversationTurnActivityFunctions(ConversationTurnActivities activities)
{
    /// <summary>Logs <c>run_started</c> (<c>kind: "turn"</c>) and <c>node_started advisor</c>.</summary>
    /// <exception cref="Streaming.RunClosedException">The turn already ended (terminated before it began).</exception>
    [Function(nameof(ConversationTurnActivities.StartTurn))]
    public Task<bool> StartTurn([ActivityTrigger] StartTurnInput input, CancellationToken cancellationToken) =>
        activities.StartTurn(input, cancellationToken);

    /// <summary>One model call, streamed to the owner; returns the messages it wrote and the tool calls it requested.</summary>
    /// <exception cref="Advisor.AdvisorUnavailableException">The model could not answer.</exception>
    [Function(nameof(ConversationTurnActivities.CallAdvisorModel))]
    public Task<ModelStep> CallAdvisorModel([ActivityTrigger] CallAdvisorModelInput input, CancellationToken cancellationToken) =>
        activities.CallAdvisorModel(input, cancellationToken);

    /// <summary>One tool call: logs <c>tool_call</c>, runs the tool on the analysis, logs <c>tool_result</c>; a bad call is an error outcome.</summary>
    [Function(nameof(ConversationTurnActivities.RunAdvisorTool))]
    public Task<TurnToolCall> RunAdvisorTool([ActivityTrigger] RunAdvisorToolInput input, CancellationToken cancellationToken) =>
        activities.RunAdvisorTool(input, cancellationToken);

    /// <summary>Logs <c>node_completed advisor</c> and the terminal <c>run_completed</c>.</summary>
    /// <exception cref="Streaming.RunClosedException">The turn already ended.</exception>
    [Function(nameof(ConversationTurnActivities.CompleteTurn))]
    public Task<bool> CompleteTurn([ActivityTrigger] CompleteTurnInput input, CancellationToken cancellationToken) =>
        activities.CompleteTurn(input, cancellationToken);

    /// <summary>Logs the terminal <c>run_failed</c> (nothing when the turn already ended).</summary>
    [Function(nameof(ConversationTurnActivities.FailTurn))]
    public Task<bool> FailTurn([ActivityTrigger] FailRunInput input, CancellationToken cancellationToken) =>
        activities.FailTurn(input, cancellationToken);
}
