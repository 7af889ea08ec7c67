using System.Text.Json;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The output of a run its owner terminated, for a host that cannot read the run's activity results back: Durable
/// Functions keeps them in the orchestration history, which <c>DurableTaskClient</c> does not expose, and a terminated
/// instance's output is only what the terminate call passed. The four analysis nodes are pure functions of the run's
/// input and of the market data the app ships with, so recomputing them (a few milliseconds) gives the figures the run
/// computed; the advice is what the run's event log shows was written.
/// </summary>
public sealed class TerminatedRunOutput(MarketDataSet market)
{
    /// <summary>
    /// The output of the terminated run <paramref name="input"/> whose log is <paramref name="events"/>: the analysis,
    /// with the advice as the advisor left it — its messages as a client shows them (final contents, then the deltas of
    /// an unfinished message; text a retryable <c>error</c> discarded is left out), <see cref="AdviceResult.Partial"/>
    /// true unless the advisor node completed, and the model its <c>node_completed</c> summary names (else
    /// <paramref name="configuredModel"/>). Null when the log has no <c>node_completed</c> of recommendations: the run
    /// stopped before the advisor started, so there is no analysis to show (the self-host answers the same).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public AnalysisOutput? Rebuild(AnalysisInput input, IReadOnlyList<StoredEvent> events, string configuredModel)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(configuredModel);
        if (NodeSummary(events, AnalysisNodes.Recommendations) is null)
        {
            return null;
        }

        var request = input.Request;
        var portfolio = PortfolioPricer.Price(request.Holdings, market);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        var recommendations = AnalysisActivities.Recommend(portfolio, risk, performance, request.RiskProfile, market);
        var advisor = NodeSummary(events, AnalysisNodes.Advisor);
        var model = advisor is { } summary && summary.TryGetProperty("model", out var named) && named.GetString() is { } name ? name : configuredModel;
        var advice = WrittenAdvice(request.Persona, model, events, partial: advisor is null);
        return AnalysisOutput.Of(portfolio, risk, performance, recommendations, advice);
    }

    /// <summary>
    /// The reply <paramref name="events"/> shows was written, as <see cref="RunTranscript"/> reads it: each message not
    /// discarded by a retryable <c>error</c>, its final content or the deltas of one left unfinished.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static AdviceResult WrittenAdvice(string persona, string model, IReadOnlyList<StoredEvent> events, bool partial) =>
        new(persona, model, [.. RunTranscript.Read(events).Where(m => !m.Discarded).Select(m => m.Text)], partial);

    private static JsonElement? NodeSummary(IReadOnlyList<StoredEvent> events, string node)
    {
        foreach (var stored in events.Where(e => e.Type == EventTypes.NodeCompleted))
        {
            using var document = JsonDocument.Parse(stored.Json);
            if (document.RootElement.GetProperty("node").GetString() == node)
            {
                return document.RootElement.GetProperty("summary").Clone();
            }
        }

        return null;
    }
}
