using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Gives drafts their seq, time and (for <see cref="NodeCompleted"/>) progress percent. Both event logs call it inside
/// their atomic append, so the rules are written once.
/// </summary>
public static class EventStamper
{
    /// <summary>
    /// Stamps <paramref name="runEvent"/> with <paramref name="seq"/> and <paramref name="now"/>; an analysis node's
    /// completion gets <c>percent = 100 × completedNodes ÷ 5</c> where <paramref name="completedNodes"/> counts this one
    /// too. A completion drafted with its percent already set (a turn's only node: 100) keeps it.
    /// </summary>
    public static RunEvent Stamp(RunEvent runEvent, long seq, DateTimeOffset now, int completedNodes)
    {
        var stamped = runEvent with { Seq = seq, Ts = now.UtcDateTime };
        return stamped is NodeCompleted { Percent: 0 } completed
            ? completed with { Percent = completedNodes * 100 / AnalysisNodes.All.Count }
            : stamped;
    }
}
