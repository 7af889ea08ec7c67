namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>Runtime status names, as Durable Functions reports them.</summary>
public static class RuntimeStatus
{
    /// <summary>Scheduled, not started.</summary>
    public const string Pending = "Pending";
    /// <summary>Running (or waiting on activities).</summary>
    public const string Running = "Running";
    /// <summary>Returned its output.</summary>
    public const string Completed = "Completed";
    /// <summary>Threw.</summary>
    public const string Failed = "Failed";
    /// <summary>Terminated by its owner.</summary>
    public const string Terminated = "Terminated";

    /// <summary>True for Completed, Failed and Terminated.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Terminated;
}

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
