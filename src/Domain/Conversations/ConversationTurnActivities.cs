using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The activities of <see cref="ConversationTurnOrchestration"/>, written once for both hosts. Each holds the I/O of
/// one durable step (a model call, a tool execution, the turn's first and last events) and is idempotent: events carry
/// dedupe keys, so an activity run again after a crash neither repeats nor skips a seq.
/// </summary>
public sealed class ConversationTurnActivities(TurnAdvisor advisor, IAdvisorTools tools, RunEventWriter events, TimeProvider timeProvider)
{
    /// <summary>Logs <c>run_started</c> (<c>kind: "turn"</c>, <c>nodes: ["advisor"]</c>, the conversation id) and <c>node_started advisor</c>.</summary>
    /// <exception cref="RunClosedException">The turn already ended (terminated before it began).</exception>
    public async Task<bool> StartTurn(StartTurnInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runId = input.Run.RunId;
        await events.EmitAsync(input.Run,
            [
                new EventDraft(new RunStarted([AnalysisNodes.Advisor], RunKinds.Turn, input.ConversationId) { RunId = runId }, EventTypes.RunStarted),
                new EventDraft(new NodeStarted(AnalysisNodes.Advisor) { RunId = runId }, $"{EventTypes.NodeStarted}:{AnalysisNodes.Advisor}"),
            ],
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>One model call of the turn, streamed (see <see cref="TurnAdvisor"/>); returns what it wrote and the tool calls it requested.</summary>
    /// <exception cref="Advisor.AdvisorUnavailableException">The model could not answer.</exception>
    public Task<ModelStep> CallAdvisorModel(CallAdvisorModelInput input, CancellationToken cancellationToken = default) =>
        advisor.CallAsync(input, cancellationToken);

    /// <summary>
    /// Runs one tool call: runs the tool (<see cref="IAdvisorTools.Invoke"/>, pure), then logs <c>tool_call</c> and
    /// <c>tool_result</c> with its <c>durationMs</c> (milliseconds) in one append, and returns the outcome. A bad call is
    /// an error outcome, not a failure.
    /// </summary>
    /// <exception cref="RunClosedException">The turn ended (terminated) before the tool's events were logged; neither was.</exception>
    public async Task<TurnToolCall> RunAdvisorTool(RunAdvisorToolInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, call) = (input.Run, input.Call);
        var key = $"s{input.Step}:{call.ToolCallId}";
        var started = timeProvider.GetTimestamp();
        var outcome = tools.Invoke(call.Name, call.Arguments, input.Analysis);
        var duration = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

        // One append: a turn terminated while the tool ran then logs neither event, never a tool_call left unanswered.
        await events.EmitAsync(run,
            [
                new EventDraft(new ToolCalled(input.Persona, call.ToolCallId, call.Name, call.Arguments) { RunId = run.RunId }, $"{EventTypes.ToolCall}:{key}"),
                new EventDraft(new ToolResultReturned(input.Persona, call.ToolCallId, call.Name, outcome.Result, outcome.Error, duration) { RunId = run.RunId }, $"{EventTypes.ToolResult}:{key}"),
            ],
            cancellationToken).ConfigureAwait(false);
        return new TurnToolCall(call.ToolCallId, call.Name, call.Arguments, outcome.Result, outcome.Error);
    }

    /// <summary>Logs <c>node_completed advisor</c> (percent 100; summary: persona, model, messages, tool calls) and the terminal <c>run_completed</c>.</summary>
    /// <exception cref="RunClosedException">The turn already ended.</exception>
    public async Task<bool> CompleteTurn(CompleteTurnInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runId = input.Run.RunId;
        var duration = (long)Math.Max(0, (timeProvider.GetUtcNow().UtcDateTime - input.StartedAt).TotalMilliseconds);
        var summary = new Dictionary<string, object?>
        {
            ["persona"] = input.Advice.Persona,
            ["model"] = input.Advice.Model,
            ["messages"] = input.Advice.Messages.Count,
            ["toolCalls"] = input.ToolCalls,
        };
        await events.EmitAsync(input.Run,
            [
                new EventDraft(new NodeCompleted(AnalysisNodes.Advisor, duration, 100, summary) { RunId = runId }, $"{EventTypes.NodeCompleted}:{AnalysisNodes.Advisor}"),
                new EventDraft(new RunCompleted { RunId = runId }, EventTypes.RunCompleted),
            ],
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Logs the terminal <c>run_failed</c> (nothing when the turn already ended, e.g. terminated).</summary>
    public async Task<bool> FailTurn(FailRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await events.EmitAsync(input.Run, new RunFailed(input.Code, input.Message) { RunId = input.Run.RunId }, EventTypes.RunFailed, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RunClosedException)
        {
            return false;
        }
    }
}
