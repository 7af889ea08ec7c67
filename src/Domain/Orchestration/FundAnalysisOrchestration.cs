using Microsoft.Extensions.Logging;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The fund-analysis orchestration, written once for both hosts: convert, then risk and performance in parallel
/// (fan-out/fan-in), then recommendations, then the advisor's streamed reply. Deterministic and replay-safe: it only
/// calls activities, reads time from the context and logs through the replay-safe logger.
/// </summary>
public static class FundAnalysisOrchestration
{
    /// <summary>The orchestration's registered name.</summary>
    public const string Name = nameof(FundAnalysisOrchestration);

    /// <summary>Retries for the analysis nodes: three attempts, 1 s then 2 s apart.</summary>
    public static ActivityRetryPolicy NodeRetry { get; } = new(3, TimeSpan.FromSeconds(1));

    /// <summary>Retries for the advisor activity: a second attempt continues the reply under new message ids.</summary>
    public static ActivityRetryPolicy AdvisorRetry { get; } = new(2, TimeSpan.FromSeconds(1));

    /// <summary>Runs the analysis of <paramref name="input"/>.</summary>
    /// <returns>The output the status endpoint serves.</returns>
    /// <exception cref="ActivityFailedException">A node failed on its last attempt; <c>run_failed</c> was emitted first.</exception>
    public static async Task<AnalysisOutput> RunAsync(IOrchestrationContext context, AnalysisInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(Name);
        var run = input.Run;
        var request = input.Request;

        try
        {
            var progress = RunProgress.Starting(AnalysisNodes.Convert);
            context.SetCustomStatus(progress);
            var portfolio = await context.CallActivityAsync<PricedPortfolio>(
                nameof(AnalysisActivities.ConvertPortfolio), new ConvertPortfolioInput(run, request.Holdings), NodeRetry);

            progress = progress.Complete([AnalysisNodes.Convert], AnalysisNodes.Risk);
            context.SetCustomStatus(progress);
            var nodeInput = new PortfolioNodeInput(run, portfolio);
            var riskTask = context.CallActivityAsync<RiskReport>(nameof(AnalysisActivities.ComputeRiskMetrics), nodeInput, NodeRetry);
            var performanceTask = context.CallActivityAsync<PerformanceReport>(nameof(AnalysisActivities.MeasurePerformance), nodeInput, NodeRetry);
            await Task.WhenAll(riskTask, performanceTask);
            var (risk, performance) = (await riskTask, await performanceTask);

            // The output keeps the whole report.
            var figures = performance.WithoutDrawdownCurve();

            progress = progress.Complete([AnalysisNodes.Risk, AnalysisNodes.Performance], AnalysisNodes.Recommendations);
            context.SetCustomStatus(progress);
            var recommendations = await context.CallActivityAsync<RecommendationList>(
                nameof(AnalysisActivities.BuildRecommendations),
                new RecommendationsInput(run, portfolio, risk, figures, request.RiskProfile),
                NodeRetry);

            progress = progress.Complete([AnalysisNodes.Recommendations], AnalysisNodes.Advisor);
            context.SetCustomStatus(progress);
            var advice = await context.CallActivityAsync<AdviceResult>(
                nameof(AnalysisActivities.StreamAdvisorReply),
                new AdvisorInput(run, request.Persona, request.Language, request.RiskProfile, portfolio, risk, figures, recommendations.Items),
                AdvisorRetry);

            var output = AnalysisOutput.Of(portfolio, risk, performance, recommendations, advice);
            await context.CallActivityAsync<bool>(nameof(AnalysisActivities.CompleteRun), run, NodeRetry);
            context.SetCustomStatus(progress.Complete([AnalysisNodes.Advisor], next: null));
            logger.LogInformation("Run {RunId} completed at {Time:o}", run.RunId, context.CurrentUtcDateTime);
            return output;
        }
        catch (ActivityFailedException failure) when (failure.ActivityName != nameof(AnalysisActivities.FailRun))
        {
            var (code, message) = RunFailures.Describe(failure);
            logger.LogWarning("Run {RunId} failed in {Activity}: {Code}", run.RunId, failure.ActivityName, code);
            await context.CallActivityAsync<bool>(nameof(AnalysisActivities.FailRun), new FailRunInput(run, code, message), NodeRetry);
            throw;
        }
    }
}
