using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// What the starter of a turn provides: the turn's <paramref name="Run"/> (its id is the turn id, its owner the
/// analysis' owner), the <paramref name="ConversationId"/> (= the analysis id), the <paramref name="Question"/>, the
/// <paramref name="Persona"/> and <paramref name="Language"/> (BCP 47) already defaulted to the analysis' when the
/// request named none, the analysis' <paramref name="RiskProfile"/> and <paramref name="Analysis"/> output (its performance
/// report without the <c>drawdownCurve</c>, which no turn reads), and the
/// <paramref name="Conversation"/> so far (earlier questions and answers, oldest first; the analysis' own advice is in
/// <see cref="AnalysisOutput.Advice"/>, not repeated here).
/// </summary>
public sealed record TurnInput(
    RunContext Run,
    string ConversationId,
    string Question,
    string Persona,
    string Language,
    string RiskProfile,
    AnalysisOutput Analysis,
    IReadOnlyList<ConversationMessage> Conversation);

/// <summary>
/// One message of a conversation: <paramref name="Role"/> <c>user</c> (a question) or <c>assistant</c> (a message of an
/// answer), its <paramref name="Content"/>, the <paramref name="TurnId"/> it belongs to and, for the assistant's
/// messages, its <paramref name="MessageId"/>.
/// </summary>
public sealed record ConversationMessage(string Role, string Content, string? TurnId, string? MessageId);

/// <summary>
/// A completed turn's output (contract 1.1): the conversation, the question, the answer as the analysis' advice is
/// written (persona, model, messages in order) and every tool call of the turn with its outcome.
/// </summary>
public sealed record TurnOutput(string ConversationId, string Question, AdviceResult Advice, IReadOnlyList<TurnToolCall> ToolCalls);

/// <summary>
/// A tool call of a turn and its outcome: <paramref name="Arguments"/> (a JSON object) and exactly one of
/// <paramref name="Result"/> (the tool's result object) and <paramref name="Error"/> (why the call could not be answered).
/// </summary>
public sealed record TurnToolCall(string ToolCallId, string Name, JsonElement Arguments, JsonElement? Result, string? Error);

/// <summary>A tool call the model requested: its id (from the model), the tool's name and the arguments (a JSON object).</summary>
public sealed record ToolCallRequest(string ToolCallId, string Name, JsonElement Arguments);

/// <summary>
/// The result of one model call of a turn: the <paramref name="Messages"/> it wrote (final contents, in order; may be
/// empty when it only called tools), the <paramref name="ToolCalls"/> it requested (empty when it answered), and the
/// <paramref name="Model"/> that answered.
/// </summary>
public sealed record ModelStep(IReadOnlyList<string> Messages, IReadOnlyList<ToolCallRequest> ToolCalls, string Model);

/// <summary>A model call of the turn with the outcomes of the tool calls it requested, in order.</summary>
public sealed record TurnExchange(ModelStep Step, IReadOnlyList<TurnToolCall> Results);

/// <summary>
/// Input of <see cref="ConversationTurnActivities.CallAdvisorModel"/>: the turn, the model call's index
/// <paramref name="Step"/> (0 for the first) and the earlier model calls of the turn with their tools' outcomes.
/// </summary>
public sealed record CallAdvisorModelInput(TurnInput Turn, int Step, IReadOnlyList<TurnExchange> Exchanges);

/// <summary>
/// Input of <see cref="ConversationTurnActivities.RunAdvisorTool"/>: the run, the persona whose <c>agent</c> the events
/// name, the model call <paramref name="Step"/> that requested it, the call, and the analysis the tool works on.
/// </summary>
public sealed record RunAdvisorToolInput(RunContext Run, string Persona, int Step, ToolCallRequest Call, AnalysisOutput Analysis);

/// <summary>Input of <see cref="ConversationTurnActivities.StartTurn"/>.</summary>
public sealed record StartTurnInput(RunContext Run, string ConversationId);

/// <summary>
/// Input of <see cref="ConversationTurnActivities.CompleteTurn"/>: the answer, the number of tool calls, and when the
/// turn started (replay-safe orchestration time, UTC) for the advisor node's duration.
/// </summary>
public sealed record CompleteTurnInput(RunContext Run, AdviceResult Advice, int ToolCalls, DateTime StartedAt);
