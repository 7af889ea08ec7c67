namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// Fault injection for reliability drills and tests, bound from configuration section <c>Faults</c>. Off by default:
/// with the section absent the engine behaves exactly as without it.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>The configuration section: <c>Faults</c>.</summary>
    public const string SectionName = "Faults";

    /// <summary>
    /// Extra milliseconds an activity takes, by activity name (e.g. <c>Faults:ActivityDelayMilliseconds:ConvertPortfolio=5000</c>):
    /// the engine waits that long after the activity returns and before it checkpoints the outcome, so a host killed
    /// meanwhile finds the activity's events logged but its result not yet in the history (the activity runs again on
    /// restart). The wait ends at once when the run is terminated or the host stops. Default: empty (no delay).
    /// </summary>
    public Dictionary<string, int> ActivityDelayMilliseconds { get; set; } = new(StringComparer.Ordinal);
}
