using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Storage;

/// <summary>
/// <see cref="ITurnIndex"/> in the event log's table: one partition per conversation (<c>conversation:{id}</c>, which no
/// run id takes), one row per turn keyed by its position (<c>t000001</c>, so the rows sort in order). Appending adds the
/// row after the newest: a racing append after the same turn adds the same key, and Table storage refuses the second
/// with 409, so exactly one wins without a lock.
/// </summary>
public sealed class TableTurnIndex(TableClient table) : ITurnIndex
{
    /// <summary>The partition key prefix of a conversation's turns.</summary>
    public const string PartitionPrefix = "conversation:";

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">Table storage failed.</exception>
    public async Task<IReadOnlyList<ConversationTurn>> ListAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var turns = new List<ConversationTurn>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionPrefix + conversationId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            turns.Add(new ConversationTurn(
                conversationId, row.GetString("TurnId"), row.GetString("OwnerId"), row.GetString("Question"), row.GetDateTimeOffset("Created")!.Value));
        }

        return turns;
    }

    /// <inheritdoc />
    /// <exception cref="RequestFailedException">Table storage failed (other than the 409 of a lost race).</exception>
    public async Task<bool> TryAppendAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var turns = await ListAsync(turn.ConversationId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(turns.Count == 0 ? null : turns[^1].TurnId, expectedLatestTurnId, StringComparison.Ordinal))
        {
            return false;
        }

        var row = new TableEntity(PartitionPrefix + turn.ConversationId, RowKey(turns.Count + 1))
        {
            ["TurnId"] = turn.TurnId,
            ["OwnerId"] = turn.OwnerId,
            ["Question"] = turn.Question,
            ["Created"] = turn.Created.ToUniversalTime(),
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return false;
        }
    }

    private static string RowKey(int position) => "t" + position.ToString("D6", CultureInfo.InvariantCulture);
}
