using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>The Functions app's <see cref="ITurnIndex"/> beside <see cref="InMemoryRunRegistry"/>: each conversation's turns in a list, appended under a lock.</summary>
public sealed class InMemoryTurnIndex : ITurnIndex
{
    private readonly Dictionary<string, List<ConversationTurn>> conversations = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationTurn>> ListAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationTurn>>(conversations.TryGetValue(conversationId, out var turns) ? [.. turns] : []);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAppendAsync(ConversationTurn turn, string? expectedLatestTurnId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        lock (gate)
        {
            var turns = conversations.TryGetValue(turn.ConversationId, out var list) ? list : conversations[turn.ConversationId] = [];
            if (!string.Equals(turns.Count == 0 ? null : turns[^1].TurnId, expectedLatestTurnId, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            turns.Add(turn);
            return Task.FromResult(true);
        }
    }
}
