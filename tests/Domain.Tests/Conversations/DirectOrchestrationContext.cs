using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>
/// An <see cref="IOrchestrationContext"/> that runs each activity at once, in process, with its retry policy (no waits
/// between attempts): inputs and results pass through JSON as on both hosts. An activity's last failure becomes
/// <see cref="ActivityFailedException"/>; a closed run (<see cref="RunClosedException"/>) or a cancellation passes
/// through, as the engines stop the instance on them.
/// </summary>
internal sealed class DirectOrchestrationContext(string instanceId) : IOrchestrationContext
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, Func<string, Task<string>>> activities = new(StringComparer.Ordinal);
    private readonly List<string> calls = [];

    public string InstanceId => instanceId;

    public DateTime CurrentUtcDateTime { get; } = DateTime.UtcNow;

    public bool IsReplaying => false;

    /// <summary>The activities called, in order.</summary>
    public IReadOnlyList<string> Calls => calls;

    /// <summary>The last custom status set.</summary>
    public object? CustomStatus { get; private set; }

    public DirectOrchestrationContext Add<TInput, TResult>(string name, Func<TInput, Task<TResult>> activity)
    {
        activities[name] = async input => JsonSerializer.Serialize(await activity(JsonSerializer.Deserialize<TInput>(input, Json)!), Json);
        return this;
    }

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ActivityRetryPolicy? retryPolicy = null)
    {
        calls.Add(name);
        var json = JsonSerializer.Serialize(input, Json);
        var attempts = Math.Max(1, retryPolicy?.MaxNumberOfAttempts ?? 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return JsonSerializer.Deserialize<TResult>(await activities[name](json), Json)!;
            }
            catch (Exception ex) when (ex is not RunClosedException and not OperationCanceledException)
            {
                if (attempt >= attempts)
                {
                    throw new ActivityFailedException(name, ex.GetType().FullName!, ex.Message);
                }
            }
        }
    }

    public void SetCustomStatus(object? customStatus) => CustomStatus = customStatus;

    public ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;
}
