using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// The output kept for a run its owner terminated: what had been written before the stop. Built once the log is
/// closed by <c>run_terminated</c>, so it reads a log that no longer changes.
/// </summary>
public sealed class TerminatedOutput(OrchestrationStore store, IRunEventLog log, IChatModel model)
{
    /// <summary>
    /// The <see cref="AnalysisOutput"/> of <paramref name="instance"/> as JSON, from the results in its history, with the
    /// advice as the advisor left it: its result when the advisor had finished, else the final messages of the log
    /// followed by the text of the unfinished message (its deltas, unless a retryable error discarded it), with
    /// <see cref="AdviceResult.Partial"/> true. Null when the run stopped before the advisor started (convert, risk,
    /// performance or recommendations had not all completed): there is no analysis to show. A turn's is its
    /// <see cref="TurnOutput"/> (<see cref="BuildTurnAsync"/>).
    /// </summary>
    public async Task<string?> BuildAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Name == ConversationTurnOrchestration.Name)
        {
            return await BuildTurnAsync(instance, cancellationToken).ConfigureAwait(false);
        }

        var history = store.LoadHistory(instance.Id).Values.Where(h => h.State == HistoryRecord.Completed).ToList();
        T? Result<T>(string activity) where T : class =>
            history.FirstOrDefault(h => h.Name == activity) is { Result: { } json } ? JsonSerializer.Deserialize<T>(json, ActivityRegistry.Json) : null;

        if (Result<PricedPortfolio>(nameof(AnalysisActivities.ConvertPortfolio)) is not { } portfolio
            || Result<RiskReport>(nameof(AnalysisActivities.ComputeRiskMetrics)) is not { } risk
            || Result<PerformanceReport>(nameof(AnalysisActivities.MeasurePerformance)) is not { } performance
            || Result<RecommendationList>(nameof(AnalysisActivities.BuildRecommendations)) is not { } recommendations)
        {
            return null;
        }

        var advice = Result<AdviceResult>(nameof(AnalysisActivities.StreamAdvisorReply))
            ?? TerminatedRunOutput.WrittenAdvice(
                PersonaOf(instance), model.Name, await log.ReadAsync(instance.Id, 0, cancellationToken).ConfigureAwait(false), partial: true);
        return JsonSerializer.Serialize(AnalysisOutput.Of(portfolio, risk, performance, recommendations, advice), EventJson.StatusOptions);
    }

    /// <summary>
    /// The <see cref="TurnOutput"/> of the turn <paramref name="instance"/> as JSON: its question, the answer as written
    /// (the log's messages as <see cref="TerminatedRunOutput.WrittenAdvice"/> reads them, <see cref="AdviceResult.Partial"/>
    /// true, the model of its last completed model call, else the configured one) and the tool calls that completed.
    /// </summary>
    public async Task<string> BuildTurnAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var input = JsonSerializer.Deserialize<TurnInput>(instance.Input, ActivityRegistry.Json)!;
        var completed = store.LoadHistory(instance.Id).Values.Where(h => h is { State: HistoryRecord.Completed, Result: not null }).OrderBy(h => h.TaskId).ToList();
        var steps = completed.Where(h => h.Name == nameof(ConversationTurnActivities.CallAdvisorModel))
            .Select(h => JsonSerializer.Deserialize<ModelStep>(h.Result!, ActivityRegistry.Json)!).ToList();
        var tools = completed.Where(h => h.Name == nameof(ConversationTurnActivities.RunAdvisorTool))
            .Select(h => JsonSerializer.Deserialize<TurnToolCall>(h.Result!, ActivityRegistry.Json)!).ToList();
        var events = await log.ReadAsync(instance.Id, 0, cancellationToken).ConfigureAwait(false);
        var advice = TerminatedRunOutput.WrittenAdvice(input.Persona, steps.Count > 0 ? steps[^1].Model : model.Name, events, partial: true);
        return JsonSerializer.Serialize(new TurnOutput(input.ConversationId, input.Question, advice, tools), EventJson.StatusOptions);
    }

    private static string PersonaOf(InstanceRecord instance) =>
        JsonSerializer.Deserialize<AnalysisInput>(instance.Input, ActivityRegistry.Json)?.Request.Persona ?? AnalysisRequest.DefaultPersona;
}
