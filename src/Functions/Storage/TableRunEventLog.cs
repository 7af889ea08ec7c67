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
/// </summary>
public sealed class TableRunEventLog(TableClient table, TimeProvider clock) : IRunEventLog, IRunRegistry
{
    // An entity-group transaction holds at most 100 operations: the head plus two per event.
    private const int MaxDraftsPerTransaction = 49;
    private const int MaxAttempts = 20;

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
    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var appended = new List<StoredEvent>();
        foreach (var chunk in drafts.Chunk(MaxDraftsPerTransaction))
        {
            appended.AddRange(await AppendChunkAsync(runId, chunk, cancellationToken).ConfigureAwait(false));
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

    private async Task<IReadOnlyList<StoredEvent>> AppendChunkAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var head = await ReadHeadAsync(runId, cancellationToken).ConfigureAwait(false);
            if (head.GetBoolean("Terminal") == true)
            {
                throw new RunClosedException(runId);
            }

            var fresh = await WithoutDuplicatesAsync(runId, drafts, cancellationToken).ConfigureAwait(false);
            if (fresh.Count == 0)
            {
                return [];
            }

            var (actions, stored) = Stamp(runId, head, fresh);
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return stored;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // 412: another writer moved the head; 409: another writer logged the same dedupe key. Re-read and retry.
            }
        }
    }

    private (List<TableTransactionAction> Actions, List<StoredEvent> Stored) Stamp(string runId, TableEntity head, IReadOnlyList<EventDraft> drafts)
    {
        var nextSeq = head.GetInt64("NextSeq") ?? 1L;
        var completedNodes = head.GetInt32("CompletedNodes") ?? 0;
        var terminal = false;
        var now = clock.GetUtcNow();
        var actions = new List<TableTransactionAction>();
        var stored = new List<StoredEvent>();

        // A terminal event closes the run: drafts after it in the same batch are dropped, as the log would reject them.
        foreach (var draft in drafts.TakeWhile(_ => !terminal))
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
            terminal = EventTypes.IsTerminal(stamped.Type);
            nextSeq++;
        }

        head["NextSeq"] = nextSeq;
        head["CompletedNodes"] = completedNodes;
        head["Terminal"] = terminal;
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

    private async Task<IReadOnlyList<EventDraft>> WithoutDuplicatesAsync(string runId, IReadOnlyList<EventDraft> drafts, CancellationToken cancellationToken)
    {
        var fresh = new List<EventDraft>(drafts.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            if (draft.DedupeKey is { } key)
            {
                if (!seen.Add(key))
                {
                    continue;
                }

                var existing = await table.GetEntityIfExistsAsync<TableEntity>(runId, EventLogKeys.Dedupe(key), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (existing.HasValue)
                {
                    continue;
                }
            }

            fresh.Add(draft);
        }

        return fresh;
    }

    private static StoredEvent ToStored(string runId, TableEntity entity) =>
        new(runId, entity.GetInt64("Seq") ?? 0, entity.GetString("Type") ?? string.Empty, entity.GetString("Json") ?? "{}");
}
