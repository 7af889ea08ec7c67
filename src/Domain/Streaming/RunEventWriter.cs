using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// What activities emit through: appends to the run's log (which assigns seq), then pushes what was appended to the
/// owner's connections. A failed push loses nothing: clients catch up from the log.
/// </summary>
public sealed class RunEventWriter(IRunEventLog log, IRunEventPublisher publisher)
{
    /// <summary>The log this writer appends to.</summary>
    public IRunEventLog Log => log;

    /// <summary>Appends and publishes <paramref name="drafts"/> for <paramref name="run"/>.</summary>
    /// <returns>The events appended (duplicates by dedupe key are left out).</returns>
    /// <exception cref="RunClosedException">The run already ended (e.g. it was terminated).</exception>
    public async Task<IReadOnlyList<StoredEvent>> EmitAsync(RunContext run, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        using var delivery = RunMetrics.StartDelivery(run, drafts);
        var appended = await log.AppendAsync(run.RunId, drafts, cancellationToken).ConfigureAwait(false);
        RunMetrics.Observe(run, drafts, appended, delivery);
        if (appended.Count > 0)
        {
            await publisher.PublishAsync(run.OwnerId, appended, cancellationToken).ConfigureAwait(false);
        }

        return appended;
    }

    /// <summary>Appends and publishes one event, optionally idempotent by <paramref name="dedupeKey"/>.</summary>
    /// <exception cref="RunClosedException">The run already ended.</exception>
    public Task<IReadOnlyList<StoredEvent>> EmitAsync(RunContext run, RunEvent runEvent, string? dedupeKey = null, CancellationToken cancellationToken = default) =>
        EmitAsync(run, [new EventDraft(runEvent, dedupeKey)], cancellationToken);
}
