using System.Collections.Concurrent;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>The Functions app's <see cref="IRunRegistry"/> beside <see cref="InMemoryRunEventLog"/>: owners in memory, terminal from the log.</summary>
public sealed class InMemoryRunRegistry(InMemoryRunEventLog log) : IRunRegistry
{
    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task RegisterAsync(string runId, string ownerId, CancellationToken cancellationToken = default)
    {
        owners[runId] = ownerId;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<RunRecord?> FindAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(owners.TryGetValue(runId, out var owner)
            ? new RunRecord(runId, owner, log.Events(runId).Any(e => EventTypes.IsTerminal(e.Type)))
            : null);
}
