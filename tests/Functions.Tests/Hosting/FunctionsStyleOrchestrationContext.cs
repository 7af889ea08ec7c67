using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// What an <c>[OrchestrationTrigger]</c> function receives on Azure, rebuilt for the test host: the Durable extension
/// hands the function its own wrapper over the worker's context (<c>FunctionsOrchestrationContext</c> in
/// Azure/azure-functions-durable-extension), which does two things the bare worker does not. The orchestrator is
/// registered without an input type, so <see cref="GetInput{T}"/> re-reads the raw input as <typeparamref name="T"/>
/// with the worker's converter; and every call checks that it runs on the orchestrator thread, so an orchestration that
/// resumed elsewhere (a <c>ConfigureAwait(false)</c>, a <c>Task.Run</c>) fails as it would on Azure instead of hanging.
/// </summary>
public sealed class FunctionsStyleOrchestrationContext(TaskOrchestrationContext inner, DataConverter converter, ILoggerFactory loggerFactory)
    : TaskOrchestrationContext
{
    /// <inheritdoc />
    public override TaskName Name => inner.Name;

    /// <inheritdoc />
    public override string InstanceId => inner.InstanceId;

    /// <inheritdoc />
    public override ParentOrchestrationInstance? Parent => inner.Parent;

    /// <inheritdoc />
    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    /// <inheritdoc />
    public override bool IsReplaying => inner.IsReplaying;

    /// <inheritdoc />
    public override string Version => inner.Version;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    /// <inheritdoc />
    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    /// <inheritdoc />
    protected override ILoggerFactory LoggerFactory => loggerFactory;

    /// <inheritdoc />
    public override T GetInput<T>()
    {
        EnsureOrchestratorThread();
        var input = inner.GetInput<object>();
        return input is T typed ? typed : converter.Deserialize<T>(converter.Serialize(input))!;
    }

    /// <inheritdoc />
    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        EnsureOrchestratorThread();
        return inner.CallActivityAsync<TResult>(name, input, options);
    }

    /// <inheritdoc />
    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        EnsureOrchestratorThread();
        return inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);
    }

    /// <inheritdoc />
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureOrchestratorThread();
        return inner.CreateTimer(fireAt, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        EnsureOrchestratorThread();
        return inner.WaitForExternalEvent<T>(eventName, cancellationToken);
    }

    /// <inheritdoc />
    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        EnsureOrchestratorThread();
        inner.SendEvent(instanceId, eventName, payload);
    }

    /// <inheritdoc />
    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOrchestratorThread();
        inner.SetCustomStatus(customStatus);
    }

    /// <inheritdoc />
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        EnsureOrchestratorThread();
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);
    }

    /// <inheritdoc />
    public override Guid NewGuid()
    {
        EnsureOrchestratorThread();
        return inner.NewGuid();
    }

    private static void EnsureOrchestratorThread()
    {
        if (!global::DurableTask.Core.OrchestrationContext.IsOrchestratorThread)
        {
            throw new InvalidOperationException("An orchestrator function awaited something that resumed off the orchestrator thread.");
        }
    }
}
