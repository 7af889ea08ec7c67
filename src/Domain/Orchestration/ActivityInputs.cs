using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Orchestration;

/// <summary>The orchestration's input: the run and the validated request.</summary>
public sealed record AnalysisInput(RunContext Run, AnalysisRequest Request);

/// <summary>Input of <see cref="AnalysisActivities.ConvertPortfolio"/>.</summary>
public sealed record ConvertPortfolioInput(RunContext Run, IReadOnlyList<HoldingInput> Holdings);

/// <summary>Input of the risk and performance activities: the priced portfolio.</summary>
public sealed record PortfolioNodeInput(RunContext Run, PricedPortfolio Portfolio);

/// <summary>
/// Input of <see cref="AnalysisActivities.BuildRecommendations"/>; the orchestration passes the performance report without
/// its <c>drawdownCurve</c>.
/// </summary>
public sealed record RecommendationsInput(RunContext Run, PricedPortfolio Portfolio, RiskReport Risk, PerformanceReport Performance, string RiskProfile);

/// <summary>
/// The recommendations activity's result (one record per activity, as Durable prefers): the recommendations, and the
/// exposure by asset class against the risk profile's target allocation that they were judged on.
/// </summary>
public sealed record RecommendationList(IReadOnlyList<Recommendation> Items, IReadOnlyList<AssetClassExposure> Allocation);

/// <summary>
/// Input of <see cref="AnalysisActivities.StreamAdvisorReply"/>: everything the persona talks about (the performance report
/// without its <c>drawdownCurve</c>, which the prompt does not use).
/// </summary>
public sealed record AdvisorInput(
    RunContext Run,
    string Persona,
    string Language,
    string RiskProfile,
    PricedPortfolio Portfolio,
    RiskReport Risk,
    PerformanceReport Performance,
    IReadOnlyList<Recommendation> Recommendations);

/// <summary>Input of <see cref="AnalysisActivities.FailRun"/>: a stable <paramref name="Code"/> and a message for people.</summary>
public sealed record FailRunInput(RunContext Run, string Code, string Message);
