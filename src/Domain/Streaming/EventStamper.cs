using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// Gives drafts their seq, time and (for <see cref="NodeCompleted"/>) progress percent. Both event logs call it inside
/// their atomic append, so the rules are written once.
/// </summary>
public static class EventStamper
{
    /// <summary>
    /// Stamps <paramref name="runEvent"/> with <paramref name="seq"/> and <paramref name="now"/>; a node completion gets
    /// <c>percent = 100 × completedNodes ÷ nodeCount</c> where <paramref name="completedNodes"/> counts this one too.
    /// </summary>
    public static RunEvent Stamp(RunEvent runEvent, long seq, DateTimeOffset now, int completedNodes)
    {
        var stamped = runEvent with { Seq = seq, Ts = now.UtcDateTime };
        return stamped is NodeCompleted completed
            ? completed with { Percent = completedNodes * 100 / AnalysisNodes.All.Count }
            : stamped;
    }
}
