using System.Text.Json;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// The embedded engine's <see cref="IOrchestrationContext"/>. Activity calls are numbered in call order (task ids); a
/// call whose task id has a result in the history returns it without running the activity (replay), a call the
/// history names differently is a determinism error, and any other call executes the activity in this process, handing
/// it the input object and taking its result object back (<see cref="ActivityRegistry"/>); replay reads the result's JSON.
/// </summary>
internal sealed class EmbeddedOrchestrationContext(
    InstanceRecord instance,
    IReadOnlyDictionary<int, HistoryRecord> history,
    EmbeddedOrchestrationEngine engine,
    ILoggerFactory loggers) : IOrchestrationContext
{
    private readonly int replayTotal = history.Values.Count(h => h.State != HistoryRecord.Scheduled);
    private int nextTaskId;
    private int replayed;
    private DateTime current = instance.Created.UtcDateTime;

    public string InstanceId => instance.Id;

    public DateTime CurrentUtcDateTime => current;

    public bool IsReplaying => Volatile.Read(ref replayed) < replayTotal;

    /// <summary>The custom status as JSON, or null when never set.</summary>
    public string? CustomStatusJson { get; private set; }

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        var taskId = nextTaskId++;
        if (history.TryGetValue(taskId, out var past))
        {
            if (past.Name != name)
            {
                throw new InvalidOperationException(
                    $"Non-deterministic orchestration {instance.Id}: task {taskId} was '{past.Name}' in the history, now '{name}'.");
            }

            if (past.State != HistoryRecord.Scheduled)
            {
                Interlocked.Increment(ref replayed);
                Advance(past.Timestamp);
                return past.State == HistoryRecord.Completed
                    ? Task.FromResult(JsonSerializer.Deserialize<TResult>(past.Result!, ActivityRegistry.Json)!)
                    : Task.FromException<TResult>(new ActivityFailedException(name, past.ErrorType ?? "", past.ErrorMessage ?? ""));
            }
        }

        return ExecuteAsync<TResult>(taskId, name, input, retryPolicy);
    }

    public void SetCustomStatus(object? customStatus) =>
        CustomStatusJson = JsonSerializer.Serialize(customStatus, EventJson.StatusOptions);

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, loggers.CreateLogger(categoryName));

    private async Task<TResult> ExecuteAsync<TResult>(int taskId, string name, object? input, ActivityRetryPolicy? retryPolicy)
    {
        var (result, finished) = await engine.ExecuteActivityAsync(this, taskId, name, input, retryPolicy).ConfigureAwait(false);
        Advance(finished.UtcDateTime);

        // The activity's own object when it is exactly the type asked for, as its stored JSON would read back on replay;
        // any other type asked for reads the JSON, as replay does.
        return result.Value is TResult typed && result.Value.GetType() == typeof(TResult)
            ? typed
            : JsonSerializer.Deserialize<TResult>(result.Json, ActivityRegistry.Json)!;
    }

    private void Advance(DateTimeOffset time)
    {
        if (time.UtcDateTime > current)
        {
            current = time.UtcDateTime;
        }
    }

    private sealed class ReplaySafeLogger(EmbeddedOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
