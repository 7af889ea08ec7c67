using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// An embedded, replay-based orchestration engine persisted in SQLite. An instance runs in memory while the process
/// lives; every activity start and outcome is checkpointed to its history first. On start the engine resumes every
/// unfinished instance by replaying its orchestrator against the history: completed activities return their stored
/// results without running again, and only the activities that had not finished execute (at least once, as in Durable).
/// <see cref="FaultOptions"/> (off by default) can slow chosen activities down for reliability drills.
/// </summary>
public sealed class EmbeddedOrchestrationEngine(
    OrchestrationStore store,
    ActivityRegistry activities,
    ILoggerFactory loggers,
    TimeProvider time,
    IOptions<FaultOptions>? faults = null) : IHostedService
{
    private readonly ConcurrentDictionary<string, Func<IOrchestrationContext, string, Task<object?>>> orchestrators = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunningInstance> running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly ILogger logger = loggers.CreateLogger<EmbeddedOrchestrationEngine>();

    /// <summary>Orchestrations running in this process now.</summary>
    public int RunningCount => running.Count;

    /// <summary>Registers orchestrator <paramref name="name"/>.</summary>
    public EmbeddedOrchestrationEngine AddOrchestrator<TInput, TOutput>(string name, Func<IOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        orchestrators[name] = async (context, input) =>
            await orchestrator(context, JsonSerializer.Deserialize<TInput>(input, ActivityRegistry.Json)!).ConfigureAwait(false);
        return this;
    }

    /// <summary>Stores a new instance of <paramref name="name"/> and starts it.</summary>
    public void ScheduleNew(string name, string instanceId, string owner, object input)
    {
        var now = time.GetUtcNow();
        var record = new InstanceRecord(instanceId, name, owner, JsonSerializer.Serialize(input, ActivityRegistry.Json),
            RuntimeStatuses.Pending, null, null, null, now, now);
        store.Create(record);
        store.SaveTraceParent(instanceId, OrchestrationTracing.Capture(instanceId));
        Start(record);
    }

    /// <summary>
    /// Ends the instance as Terminated with <paramref name="output"/> (JSON, or null; Durable's
    /// <c>TerminateInstanceAsync(id, output)</c>) and cancels its activities in flight (their cancellation token fires at
    /// once, which aborts a model call in progress).
    /// </summary>
    /// <returns>False when the instance had already ended.</returns>
    public bool Terminate(string instanceId, string reason, string? output = null)
    {
        var ended = store.Finish(instanceId, RuntimeStatuses.Terminated, output, reason, null, time.GetUtcNow());
        if (running.TryGetValue(instanceId, out var instance))
        {
            instance.Cancellation.Cancel();
        }

        return ended;
    }

    /// <summary>Waits until the instance is no longer running in this process, at most <paramref name="timeout"/>.</summary>
    public async Task WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (running.TryGetValue(instanceId, out var instance))
        {
            try
            {
                await instance.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The caller reads whatever status is stored.
            }
        }
    }

    /// <summary>Resumes every instance that had not ended when the process last stopped.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in store.FindUnfinished())
        {
            logger.LogInformation("Resuming orchestration {InstanceId} from its history", instance.Id);
            Start(instance);
        }

        return Task.CompletedTask;
    }

    /// <summary>Cancels activities in flight; their instances resume from history on the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        var pending = running.Values.Select(r => r.Completion.Task).ToArray();
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Executes one activity call for <paramref name="context"/> on <paramref name="input"/> (the orchestration's object),
    /// with retries, checkpointing before and after (the result's JSON).
    /// </summary>
    internal async Task<(ActivityResult Result, DateTimeOffset Finished)> ExecuteActivityAsync(
        EmbeddedOrchestrationContext context, int taskId, string name, object? input, ActivityRetryPolicy? retryPolicy)
    {
        var instance = running[context.InstanceId];
        var cancellationToken = instance.Cancellation.Token;
        store.RecordExecution(context.InstanceId, taskId, name, context.CustomStatusJson, time.GetUtcNow());
        var attempts = Math.Max(1, retryPolicy?.MaxNumberOfAttempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            using var span = OrchestrationTracing.StartActivity(name, context.InstanceId, taskId, attempt);
            try
            {
                var result = await activities.InvokeAsync(name, input, cancellationToken).ConfigureAwait(false);
                await InjectedDelayAsync(name, cancellationToken).ConfigureAwait(false);
                var finished = time.GetUtcNow();
                store.RecordOutcome(context.InstanceId, taskId, HistoryRecord.Completed, result.Json, null, null, context.CustomStatusJson, finished);
                return (result, finished);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested || ex is RunClosedException)
            {
                // Terminated or shutting down: not a failure of the activity; the instance stops here.
                throw new OperationCanceledException($"Activity {name} of {context.InstanceId} stopped: the run ended or the host is stopping.", ex);
            }
            catch (Exception ex) when (attempt < attempts)
            {
                OrchestrationTracing.Failed(span, ex);
                var delay = retryPolicy!.FirstRetryInterval * Math.Pow(retryPolicy.BackoffCoefficient, attempt - 1);
                logger.LogWarning(ex, "Activity {Activity} of {InstanceId} failed (attempt {Attempt} of {Attempts}); retrying in {Delay}", name, context.InstanceId, attempt, attempts, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                OrchestrationTracing.Failed(span, ex);
                var type = ex.GetType().FullName ?? ex.GetType().Name;
                store.RecordOutcome(context.InstanceId, taskId, HistoryRecord.Failed, null, type, ex.Message, context.CustomStatusJson, time.GetUtcNow());
                throw new ActivityFailedException(name, type, ex.Message);
            }
        }
    }

    private Task InjectedDelayAsync(string activity, CancellationToken cancellationToken) =>
        faults?.Value.ActivityDelayMilliseconds.TryGetValue(activity, out var milliseconds) == true && milliseconds > 0
            ? Task.Delay(TimeSpan.FromMilliseconds(milliseconds), time, cancellationToken)
            : Task.CompletedTask;

    private void Start(InstanceRecord record)
    {
        var instance = new RunningInstance(CancellationTokenSource.CreateLinkedTokenSource(stopping.Token));
        if (running.TryAdd(record.Id, instance))
        {
            _ = Task.Run(() => RunAsync(record, instance));
        }
    }

    private async Task RunAsync(InstanceRecord record, RunningInstance instance)
    {
        var history = store.LoadHistory(record.Id);
        var context = new EmbeddedOrchestrationContext(record, history, this, loggers);
        using var span = OrchestrationTracing.StartOrchestration(record, store.FindTraceParent(record.Id), resumed: history.Count > 0);
        try
        {
            if (!orchestrators.TryGetValue(record.Name, out var orchestrator))
            {
                throw new InvalidOperationException($"No orchestrator named '{record.Name}' is registered.");
            }

            if (!store.MarkRunning(record.Id, null, time.GetUtcNow()))
            {
                return;
            }

            var output = await orchestrator(context, record.Input).ConfigureAwait(false);
            store.Finish(record.Id, RuntimeStatuses.Completed, JsonSerializer.Serialize(output, EventJson.StatusOptions), null, context.CustomStatusJson, time.GetUtcNow());
        }
        catch (OperationCanceledException ex) when (instance.Cancellation.IsCancellationRequested || ex.InnerException is RunClosedException)
        {
            // Terminated (status stored by the terminate call, which closed the log first) or the host is stopping
            // (resumes on the next start): neither is a failure.
        }
        catch (Exception ex)
        {
            OrchestrationTracing.Failed(span, ex);
            logger.LogError(ex, "Orchestration {InstanceId} failed", record.Id);
            store.Finish(record.Id, RuntimeStatuses.Failed, null, ex.Message, context.CustomStatusJson, time.GetUtcNow());
        }
        finally
        {
            running.TryRemove(record.Id, out _);
            instance.Completion.TrySetResult();
            instance.Cancellation.Dispose();
        }
    }

    private sealed record RunningInstance(CancellationTokenSource Cancellation)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
