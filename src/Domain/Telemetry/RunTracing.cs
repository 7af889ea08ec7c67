using System.Diagnostics;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Telemetry;

/// <summary>Ties the host's spans to a run: whatever span is current when an activity runs (the embedded engine's
/// <c>activity:{name}</c>, or Durable Task's and the Functions worker's on Azure) gets the run id and the node.</summary>
public static class RunTracing
{
    /// <summary>Sets <see cref="AdvisorTelemetry.RunId"/> and <see cref="AdvisorTelemetry.Node"/> on <see cref="Activity.Current"/>, if any.</summary>
    public static void TagCurrent(RunContext run, string node)
    {
        ArgumentNullException.ThrowIfNull(run);
        Activity.Current?.SetTag(AdvisorTelemetry.RunId, run.RunId).SetTag(AdvisorTelemetry.Node, node);
    }
}
