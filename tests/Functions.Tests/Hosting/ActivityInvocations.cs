using System.Collections.Concurrent;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// Every activity invocation the test host ran, in order, and the faults a test asked for: an attempt that fails
/// before the activity runs (as when the worker dies on pickup) or after it ran and logged its events (as when the
/// result is lost: the at-least-once case that retries and idempotent activities exist for). Faults are keyed by
/// instance id, so tests sharing one host do not see each other's.
/// </summary>
public sealed class ActivityInvocations
{
    private readonly ConcurrentQueue<ActivityAttempt> attempts = new();
    private readonly ConcurrentDictionary<(string InstanceId, string Activity), Fault> faults = new();

    /// <summary>Cancelled when the host stops; what the activity functions receive as their <see cref="CancellationToken"/>.</summary>
    public CancellationToken Stopping { get; internal set; }

    /// <summary>The attempts of instance <paramref name="instanceId"/>, in the order they started.</summary>
    public IReadOnlyList<ActivityAttempt> Of(string instanceId) => [.. attempts.Where(a => a.InstanceId == instanceId)];

    /// <summary>
    /// Makes the next <paramref name="times"/> attempts of <paramref name="activity"/> in <paramref name="instanceId"/>
    /// throw <see cref="TransientActivityException"/>, before the activity body when <paramref name="afterBody"/> is
    /// false, after it (its events logged, its result thrown away) when true.
    /// </summary>
    public void FailNext(string instanceId, string activity, int times = 1, bool afterBody = true) =>
        faults[(instanceId, activity)] = new Fault(times, afterBody);

    internal ActivityAttempt Record(string instanceId, string activity, object? input)
    {
        var attempt = new ActivityAttempt(instanceId, activity, input);
        attempts.Enqueue(attempt);
        return attempt;
    }

    internal Task BeforeAsync(ActivityAttempt attempt) => MaybeFail(attempt, afterBody: false);

    internal Task AfterAsync(ActivityAttempt attempt) => MaybeFail(attempt, afterBody: true);

    private Task MaybeFail(ActivityAttempt attempt, bool afterBody)
    {
        var key = (attempt.InstanceId, attempt.Activity);
        while (faults.TryGetValue(key, out var fault) && fault.AfterBody == afterBody && fault.Remaining > 0)
        {
            if (faults.TryUpdate(key, fault with { Remaining = fault.Remaining - 1 }, fault))
            {
                throw new TransientActivityException($"Injected transient fault in {attempt.Activity} ({(afterBody ? "after" : "before")} its body).");
            }
        }

        return Task.CompletedTask;
    }

    private sealed record Fault(int Remaining, bool AfterBody);
}

/// <summary>One invocation of activity <paramref name="Activity"/> for instance <paramref name="InstanceId"/> with its deserialized input.</summary>
public sealed record ActivityAttempt(string InstanceId, string Activity, object? Input)
{
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the attempt has returned or thrown.</summary>
    public Task Ended => ended.Task;

    internal void End() => ended.TrySetResult();
}

/// <summary>The fault <see cref="ActivityInvocations.FailNext"/> injects.</summary>
public sealed class TransientActivityException(string message) : Exception(message);
