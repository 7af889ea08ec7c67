namespace PortfolioAdvisor.Functions.Storage;

/// <summary>Who owns each run, and whether it has ended; kept with the run's event log.</summary>
public interface IRunRegistry
{
    /// <summary>Records run <paramref name="runId"/> as owned by <paramref name="ownerId"/>, before it is scheduled.</summary>
    /// <exception cref="Azure.RequestFailedException">Status 409: the run is already registered (its first owner stays).</exception>
    Task RegisterAsync(string runId, string ownerId, CancellationToken cancellationToken = default);

    /// <summary>The run's record, or null when no such run exists.</summary>
    Task<RunRecord?> FindAsync(string runId, CancellationToken cancellationToken = default);
}

/// <summary>A run's owner (the caller's <c>x-ms-client-principal-id</c>) and whether its log holds a terminal event.</summary>
public sealed record RunRecord(string RunId, string OwnerId, bool Terminal)
{
    /// <summary>True when <paramref name="callerId"/> owns the run (ordinal comparison: ids are opaque).</summary>
    public bool IsOwnedBy(string callerId) => string.Equals(OwnerId, callerId, StringComparison.Ordinal);
}
