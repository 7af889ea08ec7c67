using System.Globalization;
using Microsoft.Extensions.Logging;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// A turn of a conversation as an orchestration, written once for both hosts: the agent loop as durable steps. Model
/// call, then each tool call it requested (one activity each, in order), then the model again with the results, until
/// the model answers without tool calls; at most <see cref="TurnLimits.MaxModelCalls"/> model calls and
/// <see cref="TurnLimits.MaxToolCalls"/> tool calls, past which the turn fails with <see cref="TurnLimits.LoopLimitCode"/>.
/// A host that stops mid-turn resumes from the history without calling the model or a tool again for a step already
/// done. Deterministic and replay-safe like <see cref="FundAnalysisOrchestration"/>.
/// </summary>
public static class ConversationTurnOrchestration
{
    /// <summary>The orchestration's registered name.</summary>
    public const string Name = nameof(ConversationTurnOrchestration);

    /// <summary>Retries of a model call: a second attempt continues the answer under new message ids.</summary>
    public static ActivityRetryPolicy ModelRetry { get; } = new(2, TimeSpan.FromSeconds(1));

    /// <summary>Retries of the other steps (tools, first and last events): three attempts, 1 s then 2 s apart.</summary>
    public static ActivityRetryPolicy StepRetry { get; } = new(3, TimeSpan.FromSeconds(1));

    /// <summary>Runs the turn <paramref name="input"/>.</summary>
    /// <returns>The turn's output (contract 1.1).</returns>
    /// <exception cref="ActivityFailedException">A step failed on its last attempt; <c>run_failed</c> was logged first.</exception>
    /// <exception cref="TurnLoopLimitException">The model kept calling tools past the bounds; <c>run_failed</c> was logged first.</exception>
    public static async Task<TurnOutput> RunAsync(IOrchestrationContext context, TurnInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(Name);
        var run = input.Run;
        var startedAt = context.CurrentUtcDateTime;
        try
        {
            context.SetCustomStatus(RunProgress.Starting(AnalysisNodes.Advisor));
            await context.CallActivityAsync<bool>(nameof(ConversationTurnActivities.StartTurn), new StartTurnInput(run, input.ConversationId), StepRetry);

            var exchanges = new List<TurnExchange>();
            var messages = new List<string>();
            var toolCalls = new List<TurnToolCall>();
            for (var step = 0; ; step++)
            {
                // A copy of the exchanges: the embedded engine hands an activity the input object itself, and this list grows.
                var answer = await context.CallActivityAsync<ModelStep>(
                    nameof(ConversationTurnActivities.CallAdvisorModel), new CallAdvisorModelInput(input, step, [.. exchanges]), ModelRetry);
                messages.AddRange(answer.Messages);
                if (answer.ToolCalls.Count == 0)
                {
                    var advice = new AdviceResult(input.Persona, answer.Model, messages);
                    await context.CallActivityAsync<bool>(
                        nameof(ConversationTurnActivities.CompleteTurn), new CompleteTurnInput(run, advice, toolCalls.Count, startedAt), StepRetry);
                    context.SetCustomStatus(new RunProgress(null, [AnalysisNodes.Advisor], 100));
                    logger.LogInformation("Turn {TurnId} of {ConversationId} completed at {Time:o}", run.RunId, input.ConversationId, context.CurrentUtcDateTime);
                    return new TurnOutput(input.ConversationId, input.Question, advice, toolCalls);
                }

                if (step + 1 >= TurnLimits.MaxModelCalls || toolCalls.Count + answer.ToolCalls.Count > TurnLimits.MaxToolCalls)
                {
                    var message = string.Create(CultureInfo.InvariantCulture,
                        $"The advisor kept calling tools: {step + 1} model call(s) and {toolCalls.Count + answer.ToolCalls.Count} tool call(s) requested, more than a turn allows ({TurnLimits.MaxModelCalls} model calls, {TurnLimits.MaxToolCalls} tool calls).");
                    logger.LogWarning("Turn {TurnId} stopped: {Code}", run.RunId, TurnLimits.LoopLimitCode);
                    await context.CallActivityAsync<bool>(
                        nameof(ConversationTurnActivities.FailTurn), new FailRunInput(run, TurnLimits.LoopLimitCode, message), StepRetry);
                    throw new TurnLoopLimitException(message);
                }

                var results = new List<TurnToolCall>();
                foreach (var call in answer.ToolCalls)
                {
                    results.Add(await context.CallActivityAsync<TurnToolCall>(
                        nameof(ConversationTurnActivities.RunAdvisorTool), new RunAdvisorToolInput(run, input.Persona, step, call, input.Analysis), StepRetry));
                }

                toolCalls.AddRange(results);
                exchanges.Add(new TurnExchange(answer, results));
            }
        }
        catch (ActivityFailedException failure) when (failure.ActivityName != nameof(ConversationTurnActivities.FailTurn))
        {
            var (code, message) = RunFailures.Describe(failure);
            logger.LogWarning("Turn {TurnId} failed in {Activity}: {Code}", run.RunId, failure.ActivityName, code);
            await context.CallActivityAsync<bool>(nameof(ConversationTurnActivities.FailTurn), new FailRunInput(run, code, message), StepRetry);
            throw;
        }
    }
}
