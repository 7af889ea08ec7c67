using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>The four analysis nodes, each a trigger over the Domain's <see cref="AnalysisActivities"/>.</summary>
public sealed class AnalysisNodeActivities(AnalysisActivities activities)
{
    /// <summary>Convert node: prices the holdings (and logs <c>run_started</c>).</summary>
    [Function(nameof(AnalysisActivities.ConvertPortfolio))]
    public Task<PricedPortfolio> ConvertPortfolio([ActivityTrigger] ConvertPortfolioInput input, CancellationToken cancellationToken) =>
        activities.ConvertPortfolio(input, cancellationToken);

    /// <summary>Risk node.</summary>
    [Function(nameof(AnalysisActivities.ComputeRiskMetrics))]
    public Task<RiskReport> ComputeRiskMetrics([ActivityTrigger] PortfolioNodeInput input, CancellationToken cancellationToken) =>
        activities.ComputeRiskMetrics(input, cancellationToken);

    /// <summary>Performance node.</summary>
    [Function(nameof(AnalysisActivities.MeasurePerformance))]
    public Task<PerformanceReport> MeasurePerformance([ActivityTrigger] PortfolioNodeInput input, CancellationToken cancellationToken) =>
        activities.MeasurePerformance(input, cancellationToken);

    /// <summary>Recommendations node.</summary>
    [Function(nameof(AnalysisActivities.BuildRecommendations))]
    public Task<RecommendationList> BuildRecommendations([ActivityTrigger] RecommendationsInput input, CancellationToken cancellationToken) =>
        activities.BuildRecommendations(input, cancellationToken);
}
