using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Orchestration;

/// <summary>Maps an activity failure (of an analysis or a turn) to the stable <c>code</c> and human message of <c>run_failed</c>.</summary>
public static class RunFailures
{
    /// <summary>The <c>run_failed</c> code and message for <paramref name="failure"/>.</summary>
    public static (string Code, string Message) Describe(ActivityFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.ErrorType.EndsWith(nameof(InsufficientHistoryException), StringComparison.Ordinal))
        {
            return ("insufficient_history", failure.ErrorMessage);
        }

        if (failure.ErrorType.EndsWith(nameof(PortfolioValidationException), StringComparison.Ordinal))
        {
            return ("invalid_portfolio", failure.ErrorMessage);
        }

        var node = failure.ActivityName switch
        {
            nameof(AnalysisActivities.ConvertPortfolio) => AnalysisNodes.Convert,
            nameof(AnalysisActivities.ComputeRiskMetrics) => AnalysisNodes.Risk,
            nameof(AnalysisActivities.MeasurePerformance) => AnalysisNodes.Performance,
            nameof(AnalysisActivities.BuildRecommendations) => AnalysisNodes.Recommendations,
            nameof(AnalysisActivities.StreamAdvisorReply) => AnalysisNodes.Advisor,
            nameof(Conversations.ConversationTurnActivities.CallAdvisorModel) => AnalysisNodes.Advisor,
            nameof(Conversations.ConversationTurnActivities.RunAdvisorTool) => AnalysisNodes.Advisor,
            _ => "run",
        };
        return ($"{node}_failed", $"The {node} step failed after its retries.");
    }
}
