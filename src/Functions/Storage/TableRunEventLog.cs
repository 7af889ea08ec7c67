using Azure;
using Azure.Data.Tables;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Storage;

/// <summary>
/// <see cref="IRunEventLog"/> on Azure Table storage. One partition per run holds a head entity (next seq,
/// completed-node count, terminal flag, owner), one entity per event and one per dedupe key. An append writes the
/// events, their dedupe entities and the updated head in one entity-group transaction guarded by the head's ETag, so
/// concurrent writers (parallel activities, a terminate request) never share a seq: the loser gets 412 and retries.
/// Duplicates are dropped before the closed check, as <see cref="IRunEventLog"/> orders them; the same contract suite
/// as the SQLite log's runs it against Azurite (<c>TableRunEventLogTests</c>).
/// </summary>
public sealed class TableRunEventLog(TableClient table, TimeProvider clock) : IRunEventLog, IRunRegistry
{
    // An entity-group transaction holds at most 100 operations: the head plus two per event.
    private const int MaxDraftsPerTransaction = 49;

    // Each conflict means another append committed, so an append gives up only after this many others won meanwhile.
    private const int MaxConflicts = 64;

    /// <inheritdoc />
    public async Task RegisterAsync(string runId, string ownerId, CancellationToken cancellationToken = default)
    {
        var head = new TableEntity(runId, EventLogKeys.Head)
        {
            ["NextSeq"] = 1L,
            ["CompletedNodes"] = 0,
            ["Terminal"] = false,
            ["OwnerId"] = ownerId,
        };
        await table.AddEntityAsync(head, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunRecord?> FindAsync(string runId, CancellationToken cancellationToken = default)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(runId, EventLogKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.HasValue && head.Value is { } entity
            ? new RunRecord(runId, entity.GetString("OwnerId") ?? string.Empty, entity.GetBoolean("Terminal") ?? false)
            : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Up to 49 new drafts are written in one transaction; a larger batch is written in consecutive transactions of 49,
    /// each atomic, so a concurrent writer may log between them (seq stays gap-free and unique).
    /// </remarks>
    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var pending = await WithoutDuplicatesAsync(runId, drafts, cancellationToken).ConfigureAwait(false);
        if (pending.Take(pending.Count - 1).Any(d => EventTypes.IsTerminal(d.Event.Type)))
        {
            throw new RunClosedException(runId);
        }

        var appended = new List<StoredEvent>(pending.Count);
        var conflicts = 0;
        while (pending.Count > 0)
        {
            var head = await ReadHeadAsync(runId, cancellationToken).ConfigureAwait(false);
            if (head.GetBoolean("Terminal") == true)
            {
                // Duplicates are dropped before the closed check, against a view no older than this head: a concurrent
                // re-run of the same activity may have logged these very drafts with the terminal event.
                pending = await WithoutDuplicatesAsync(runId, pending, cancellationToken).ConfigureAwait(false);
                if (pending.Count == 0)
                {
                    break;
                }

                throw new RunClosedException(runId);
            }

            var chunk = pending.Take(MaxDraftsPerTransaction).ToList();
            var (actions, stored) = Stamp(runId, head, chunk);
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                appended.AddRange(stored);
                pending = [.. pending.Skip(chunk.Count)];
                conflicts = 0;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && ++conflicts < MaxConflicts)
            {
                // 412: another writer moved the head; 409: another writer logged one of these dedupe keys. Re-read and retry.
                pending = await WithoutDuplicatesAsync(runId, pending, cancellationToken).ConfigureAwait(false);
            }
        }

        return appended;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string runId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        var from = EventLogKeys.Event(Math.Max(afterSeq, 0));
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {runId} and RowKey gt {from} and RowKey lt {EventLogKeys.EventRangeEnd}");
        var events = new List<StoredEvent>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            events.Add(ToStored(runId, entity));
        }

        return events;
    }

    private (List<TableTransactionAction> Actions, List<StoredEvent> Stored) Stamp(string runId, TableEntity head, IReadOnlyList<EventDraft> drafts)
    {
        var nextSeq = head.GetInt64("NextSeq") ?? 1L;
        var completedNodes = head.GetInt32("CompletedNodes") ?? 0;
        var now = clock.GetUtcNow();
        var actions = new List<TableTransactionAction>();
        var stored = new List<StoredEvent>();

        foreach (var draft in drafts)
        {
            if (draft.Event is NodeCompleted)
            {
                completedNodes++;
            }

            var stamped = EventStamper.Stamp(draft.Event, nextSeq, now, completedNodes);
            var json = EventJson.Serialize(stamped);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(runId, EventLogKeys.Event(nextSeq))
            {
                ["Seq"] = nextSeq,
                ["Type"] = stamped.Type,
                ["Json"] = json,
            }));
            if (draft.DedupeKey is { } key)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(runId, EventLogKeys.Dedupe(key)) { ["Seq"] = nextSeq }));
            }

            stored.Add(new StoredEvent(runId, nextSeq, stamped.Type, json));
            nextSeq++;
        }

        head["NextSeq"] = nextSeq;
        head["CompletedNodes"] = completedNodes;
        head["Terminal"] = EventTypes.IsTerminal(stored[^1].Type);
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, head.ETag));
        return (actions, stored);
    }

    private async Task<TableEntity> ReadHeadAsync(string runId, CancellationToken cancellationToken)
    {
        var head = await table.GetEntityIfExistsAsync<TableEntity>(runId, EventLogKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (head.HasValue && head.Value is { } entity)
        {
            return entity;
        }

        // Runs are registered by the starter; a head created here (no owner) only happens for a run started elsewhere.
        var created = new TableEntity(runId, EventLogKeys.Head) { ["NextSeq"] = 1L, ["CompletedNodes"] = 0, ["Terminal"] = false, ["OwnerId"] = string.Empty };
        try
        {
            await table.AddEntityAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created concurrently: read it back below.
        }

        return (await table.GetEntityAsync<TableEntity>(runId, EventLogKeys.Head, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <summary>The drafts whose dedupe key is neither logged nor repeated earlier in the batch, in order.</summary>
    private async Task<List<EventDraft>> WithoutDuplicatesAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken)
    {
        var keys = drafts.Select(d => d.DedupeKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(keys.Select(async key =>
            (await table.GetEntityIfExistsAsync<TableEntity>(runId, EventLogKeys.Dedupe(key), ["Seq"], cancellationToken).ConfigureAwait(false)).HasValue))
            .ConfigureAwait(false);
        var seen = new HashSet<string>(keys.Where((_, i) => found[i]), StringComparer.Ordinal);
        return [.. drafts.Where(d => d.DedupeKey is not { } key || seen.Add(key))];
    }

    private static StoredEvent ToStored(string runId, TableEntity entity) =>
        new(runId, entity.GetInt64("Seq") ?? 0, entity.GetString("Type") ?? string.Empty, entity.GetString("Json") ?? "{}");
}
