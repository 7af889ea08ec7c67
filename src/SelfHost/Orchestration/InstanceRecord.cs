namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>An orchestration instance as stored: JSON texts for input, custom status and output.</summary>
public sealed record InstanceRecord(
    string Id,
    string Name,
    string Owner,
    string Input,
    string Status,
    string? CustomStatus,
    string? Output,
    string? Failure,
    DateTimeOffset Created,
    DateTimeOffset Updated);

/// <summary>One activity call in an instance's history: scheduled, completed (with result) or failed.</summary>
public sealed record HistoryRecord(int TaskId, string Name, string State, string? Result, string? ErrorType, string? ErrorMessage, int Executions, DateTimeOffset Timestamp)
{
    /// <summary>Scheduled, not finished (it runs again after a restart).</summary>
    public const string Scheduled = "scheduled";
    /// <summary>Finished with a result.</summary>
    public const string Completed = "completed";
    /// <summary>Failed on its last attempt.</summary>
    public const string Failed = "failed";
}
