using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>
/// The advisor node. Tokens reach the owner through the one long-lived SignalR hub context (persistent transport)
/// behind the Domain's <c>RunEventWriter</c>. Activities run at least once; a retried attempt first discards, with a
/// retryable <c>error</c> naming each <c>messageId</c>, the messages an earlier attempt left half-written, then writes
/// the reply under new message ids (the Domain advisor reads the run's log for that), so clients never show text twice.
/// </summary>
public sealed class AdvisorActivity(AnalysisActivities activities)
{
    /// <summary>Streams the persona's reply; returns it as saved.</summary>
    [Function(nameof(AnalysisActivities.StreamAdvisorReply))]
    public Task<AdviceResult> StreamAdvisorReply([ActivityTrigger] AdvisorInput input, CancellationToken cancellationToken) =>
        activities.StreamAdvisorReply(input, cancellationToken);
}
