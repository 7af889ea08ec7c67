using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Orchestrations;

/// <summary>
/// The Domain's <see cref="IOrchestrationContext"/> over Durable's <see cref="TaskOrchestrationContext"/>. Runs on the
/// orchestrator thread, so no <c>ConfigureAwait(false)</c> here: Durable requires continuations on that thread.
/// </summary>
public sealed class DurableOrchestrationContext(TaskOrchestrationContext inner) : IOrchestrationContext
{
    /// <inheritdoc />
    public string InstanceId => inner.InstanceId;

    /// <inheritdoc />
    public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    /// <inheritdoc />
    public bool IsReplaying => inner.IsReplaying;

    /// <inheritdoc />
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        var options = retryPolicy is null
            ? null
            : TaskOptions.FromRetryPolicy(new RetryPolicy(retryPolicy.MaxNumberOfAttempts, retryPolicy.FirstRetryInterval, retryPolicy.BackoffCoefficient));
        try
        {
#pragma warning disable CA2007 // Orchestrator code must resume on the orchestrator thread.
            return await inner.CallActivityAsync<TResult>(name, input, options);
#pragma warning restore CA2007
        }
        catch (TaskFailedException failed)
        {
            throw new ActivityFailedException(name, failed.FailureDetails.ErrorType, failed.FailureDetails.ErrorMessage);
        }
    }

    /// <inheritdoc />
    public void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    /// <inheritdoc />
    public ILogger CreateReplaySafeLogger(string categoryName) => inner.CreateReplaySafeLogger(categoryName);
}
