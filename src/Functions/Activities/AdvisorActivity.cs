using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Activities;

/// <summary>
/// The advisor node. Tokens reach the owner through the one long-lived SignalR hub context (persistent transport)
/// behind <see cref="RunEventWriter"/>. Activities run at least once: if an earlier attempt died mid-message (a worker
/// crash leaves no <c>error</c> behind), this attempt first logs a retryable <c>error</c> for each half-written
/// message, so clients discard that text before the reply is written again under new message ids.
/// </summary>
public sealed class AdvisorActivity(AnalysisActivities activities, RunEventWriter events)
{
    /// <summary>Streams the persona's reply; returns it as saved.</summary>
    [Function(nameof(AnalysisActivities.StreamAdvisorReply))]
    public async Task<AdviceResult> StreamAdvisorReply([ActivityTrigger] AdvisorInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var logged = await events.Log.ReadAsync(input.Run.RunId, 0, cancellationToken).ConfigureAwait(false);
        var discards = UnfinishedMessages.Find(logged).Select(id => UnfinishedMessages.Discard(input.Run.RunId, id)).ToArray();
        if (discards.Length > 0)
        {
            await events.EmitAsync(input.Run, discards, cancellationToken).ConfigureAwait(false);
        }

        return await activities.StreamAdvisorReply(input, cancellationToken).ConfigureAwait(false);
    }
}
