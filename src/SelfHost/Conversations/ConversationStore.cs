using System.Globalization;
using Microsoft.Data.Sqlite;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Storage;

namespace PortfolioAdvisor.SelfHost.Conversations;

/// <summary>
/// The conversations' turn index in SQLite (table <c>conversation_turns</c>, beside the orchestration store): each
/// conversation's turns in order with question, owner and creation time. The answers are the turns' event logs.
/// </summary>
public sealed class ConversationStore(SqliteDatabase database)
{
    /// <summary>The turns of <paramref name="conversationId"/>, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> List(string conversationId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT conversation_id, turn_id, owner, question, created FROM conversation_turns WHERE conversation_id = $c ORDER BY position";
        command.Parameters.AddWithValue("$c", conversationId);
        using var reader = command.ExecuteReader();
        var turns = new List<ConversationTurn>();
        while (reader.Read())
        {
            turns.Add(new ConversationTurn(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
        }

        return turns;
    }

    /// <summary>
    /// Appends <paramref name="turn"/> to its conversation in one write transaction, only if the newest turn is still
    /// <paramref name="expectedLatestTurnId"/> (null: none yet).
    /// </summary>
    /// <returns>False, writing nothing, when another turn is newest.</returns>
    public bool TryAppend(ConversationTurn turn, string? expectedLatestTurnId)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var writing = database.WriteLock.EnterScope();
        var connection = database.WriteConnection;
        using var transaction = connection.BeginTransaction(deferred: false);
        using var latest = connection.CreateCommand();
        latest.Transaction = transaction;
        latest.CommandText = "SELECT turn_id, position FROM conversation_turns WHERE conversation_id = $c ORDER BY position DESC LIMIT 1";
        latest.Parameters.AddWithValue("$c", turn.ConversationId);
        string? newest = null;
        long position = 0;
        using (var reader = latest.ExecuteReader())
        {
            if (reader.Read())
            {
                (newest, position) = (reader.GetString(0), reader.GetInt64(1));
            }
        }

        if (!string.Equals(newest, expectedLatestTurnId, StringComparison.Ordinal))
        {
            return false;
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO conversation_turns (conversation_id, position, turn_id, owner, question, created)
            VALUES ($c, $position, $turn, $owner, $question, $created)
            """;
        insert.Parameters.AddWithValue("$c", turn.ConversationId);
        insert.Parameters.AddWithValue("$position", position + 1);
        insert.Parameters.AddWithValue("$turn", turn.TurnId);
        insert.Parameters.AddWithValue("$owner", turn.OwnerId);
        insert.Parameters.AddWithValue("$question", turn.Question);
        insert.Parameters.AddWithValue("$created", turn.Created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        insert.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }
}
