using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Starts a turn of a conversation (contract 1.1, "Conversations"), the rules written once for every front door (the
/// messages route, an AG-UI endpoint): one turn at a time per conversation, a question that interrupts the running
/// turn, the persona and language defaulted to the analysis', and the conversation so far read from the logs.
/// </summary>
public sealed class TurnStarter(IRunEventLog log, RunEventWriter events, TimeProvider time)
{
    /// <summary>The terminate reason of a turn a newer question interrupted.</summary>
    public const string InterruptedReason = "interrupted";

    /// <summary>
    /// Starts a turn asking <paramref name="request"/> (validated) of <paramref name="analysis"/>, for its owner. Refused
    /// (<see cref="TurnStart.Conflict"/>) while the analysis is not <c>Completed</c> (<c>runningTurnId</c>: the analysis
    /// while it runs, else null) or while the conversation's newest turn has not ended, unless
    /// <paramref name="interrupt"/>: that turn is then terminated (<see cref="RunTermination"/>, reason
    /// <see cref="InterruptedReason"/>) and this one starts. Nothing is recorded or scheduled when refused.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<TurnStart> StartAsync(
        ConversationAnalysis analysis, TurnRequest request, bool interrupt, IAnalysisRuns runs, IConversationRuns conversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(conversations);
        if (analysis.RuntimeStatus != RuntimeStatuses.Completed || analysis.Output is null)
        {
            var running = RuntimeStatuses.IsTerminal(analysis.RuntimeStatus) ? null : analysis.Id;
            return TurnStart.Conflict(running, running is null
                ? $"Analysis '{analysis.Id}' ended {analysis.RuntimeStatus}: only a completed analysis can be questioned."
                : $"Analysis '{analysis.Id}' is still {analysis.RuntimeStatus}: ask once it has completed.");
        }

        var turns = await conversations.ListTurnsAsync(analysis.Id, cancellationToken).ConfigureAwait(false);
        var latest = turns.Count > 0 ? turns[^1] : null;
        if (latest is not null && await FindUnendedAsync(latest, runs, cancellationToken).ConfigureAwait(false) is (true, var unended))
        {
            if (!interrupt)
            {
                return TurnStart.Conflict(latest.TurnId, $"Turn '{latest.TurnId}' of this conversation has not ended: wait for it, or ask with ?multitask=interrupt.");
            }

            if (unended is not null)
            {
                await RunTermination.TerminateAsync(events, runs, unended, InterruptedReason, cancellationToken).ConfigureAwait(false);
            }
        }

        var transcript = await TranscriptAsync(analysis.Id, turns, cancellationToken).ConfigureAwait(false);
        var turnId = Guid.NewGuid().ToString("N");
        var turn = new ConversationTurn(analysis.Id, turnId, analysis.OwnerId, request.Content, time.GetUtcNow());
        if (!await conversations.TryRecordTurnAsync(turn, latest?.TurnId, cancellationToken).ConfigureAwait(false))
        {
            var now = await conversations.ListTurnsAsync(analysis.Id, cancellationToken).ConfigureAwait(false);
            var newest = now.Count > 0 ? now[^1].TurnId : null;
            return TurnStart.Conflict(newest, $"Another question of this conversation started turn '{newest}' meanwhile.");
        }

        var asked = analysis.Input.Request;

        var figures = analysis.Output with { Performance = analysis.Output.Performance.WithoutDrawdownCurve() };
        var input = new TurnInput(
            new RunContext(turnId, analysis.OwnerId), analysis.Id, request.Content, request.Persona ?? asked.Persona, request.Language ?? asked.Language,
            asked.RiskProfile, figures, ConversationTranscript.Conversation(analysis.Id, transcript));
        await conversations.ScheduleTurnAsync(input, cancellationToken).ConfigureAwait(false);
        return TurnStart.Started(turnId);
    }

    /// <summary>The transcript of <paramref name="analysisId"/> and its <paramref name="turns"/>, read from their event logs.</summary>
    public async Task<IReadOnlyList<ConversationEntry>> TranscriptAsync(string analysisId, IReadOnlyList<ConversationTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var analysisEvents = await log.ReadAsync(analysisId, 0, cancellationToken).ConfigureAwait(false);
        var answers = new List<(ConversationTurn, IReadOnlyList<StoredEvent>)>(turns.Count);
        foreach (var turn in turns)
        {
            answers.Add((turn, await log.ReadAsync(turn.TurnId, 0, cancellationToken).ConfigureAwait(false)));
        }

        return ConversationTranscript.Build(analysisId, analysisEvents, answers);
    }

    /// <summary>
    /// Whether the turn has not ended, and its run. A turn whose run is not found yet counts as not ended (it is recorded
    /// just before it is scheduled), so a second question cannot slip in between; its run is then null and an interrupt
    /// has nothing to stop.
    /// </summary>
    private async Task<(bool Unended, OwnedRun? Run)> FindUnendedAsync(ConversationTurn turn, IAnalysisRuns runs, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(turn.TurnId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (true, null);
        }

        var status = await runs.GetStatusAsync(run, cancellationToken).ConfigureAwait(false);
        if (status is not null && RuntimeStatuses.IsTerminal(status.RuntimeStatus))
        {
            return (false, run);
        }

        var events = await log.ReadAsync(run.Id, 0, cancellationToken).ConfigureAwait(false);
        return (events.Count == 0 || !EventTypes.IsTerminal(events[^1].Type), run);
    }
}

/// <summary>The outcome of <see cref="TurnStarter.StartAsync"/>: the turn started (<see cref="TurnId"/>), or refused with a 409's <see cref="RunningTurnId"/> and <see cref="Detail"/>.</summary>
public sealed record TurnStart(string? TurnId, string? RunningTurnId, string? Detail)
{
    /// <summary>True when the turn was scheduled.</summary>
    public bool IsStarted => TurnId is not null;

    /// <summary>The turn <paramref name="turnId"/> was recorded and scheduled.</summary>
    public static TurnStart Started(string turnId) => new(turnId, null, null);

    /// <summary>Refused: <paramref name="runningTurnId"/> (the run in the way, or null) and why.</summary>
    public static TurnStart Conflict(string? runningTurnId, string detail) => new(null, runningTurnId, detail);
}
