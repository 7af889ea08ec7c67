using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>The activities that log a run's terminal event.</summary>
public sealed class RunLifecycleActivities(AnalysisActivities activities)
{
    /// <summary>Logs <c>run_completed</c>.</summary>
    [Function(nameof(AnalysisActivities.CompleteRun))]
    public Task<bool> CompleteRun([ActivityTrigger] RunContext run, CancellationToken cancellationToken) =>
        activities.CompleteRun(run, cancellationToken);

    /// <summary>Logs <c>run_failed</c> (nothing when the run already ended).</summary>
    [Function(nameof(AnalysisActivities.FailRun))]
    public Task<bool> FailRun([ActivityTrigger] FailRunInput input, CancellationToken cancellationToken) =>
        activities.FailRun(input, cancellationToken);
}
