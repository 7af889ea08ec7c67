using Microsoft.Extensions.Logging;

namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The orchestration port, shaped like Durable Functions' <c>TaskOrchestrationContext</c> (microsoft/durabletask-dotnet,
/// src/Abstractions/TaskOrchestrationContext.cs). Orchestrations written against it follow Durable's rules: they are
/// deterministic, read time only from <see cref="CurrentUtcDateTime"/>, log only through
/// <see cref="CreateReplaySafeLogger"/>, and leave all I/O to activities.
/// Adapters: the embedded engine (self-host) and <c>TaskOrchestrationContext</c> (Azure Functions).
/// </summary>
public interface IOrchestrationContext
{
    /// <summary>The orchestration instance id (the run id).</summary>
    string InstanceId { get; }

    /// <summary>The replay-safe current time (UTC): the time of the history event being processed.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestration re-executes code whose results are already in its history.</summary>
    bool IsReplaying { get; }

    /// <summary>Schedules activity <paramref name="name"/> with <paramref name="input"/> and awaits its result.</summary>
    /// <exception cref="ActivityFailedException">The activity failed on its last attempt.</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null);

    /// <summary>Sets the status clients read as <c>customStatus</c>; persisted with the next checkpoint.</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>A logger that writes only when <see cref="IsReplaying"/> is false, so lines are not repeated on replay.</summary>
    ILogger CreateReplaySafeLogger(string categoryName);
}

/// <summary>
/// Retries of a failed activity: at most <paramref name="MaxNumberOfAttempts"/> attempts, waiting
/// <paramref name="FirstRetryInterval"/> × <paramref name="BackoffCoefficient"/>^(attempt−1) between them
/// (Durable's <c>RetryPolicy</c>).
/// </summary>
public sealed record ActivityRetryPolicy(int MaxNumberOfAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient = 2.0);

/// <summary>An activity failed on its last attempt (Durable's <c>TaskFailedException</c>, mapped by the adapter).</summary>
public sealed class ActivityFailedException(string activityName, string errorType, string errorMessage)
    : Exception($"Activity '{activityName}' failed: {errorType}: {errorMessage}")
{
    /// <summary>The activity's name.</summary>
    public string ActivityName { get; } = activityName;

    /// <summary>The full type name of the exception the activity threw.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>That exception's message.</summary>
    public string ErrorMessage { get; } = errorMessage;
}
