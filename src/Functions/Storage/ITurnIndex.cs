using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Storage;

/// <summary>
/// The conversations' turn index on Azure, kept next to the run registry: each conversation's turns in order with
/// question, owner and creation time. The answers are the turns' event logs.
/// </summary>
public interface ITurnIndex
{
    /// <summary>The turns of <paramref name="conversationId"/>, oldest first (empty when it has none).</summary>
    Task<IReadOnlyList<ConversationTurn>> ListAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="turn"/> to its conversation, only if the newest turn is still
    /// <paramref name="expectedLatestTurnId"/> (null: none yet). Atomic: of two appends after the same turn, one wins.
    /// </summary>
    /// <returns>False, writing nothing, when another turn is newest.</returns>
    Task<bool> TryAppendAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken = default);
}
