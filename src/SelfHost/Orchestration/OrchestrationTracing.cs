using System.Diagnostics;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// The embedded engine's spans, named and tagged as Durable Task names its own (source <c>Microsoft.DurableTask</c>:
/// <c>orchestration:{name}</c>, <c>activity:{name}</c>, <c>durabletask.*</c> attributes), so one query finds a run's
/// steps on either host; each also carries <see cref="AdvisorTelemetry.RunId"/>. One orchestration span per execution
/// of an instance (a resumed one starts a new span, tagged <c>advisor.orchestration.resumed</c>, in the same trace) and
/// one activity span per attempt actually executed; replayed activities run nothing and get none.
/// </summary>
internal static class OrchestrationTracing
{
    private const string Type = "durabletask.type";
    private const string TaskName = "durabletask.task.name";
    private const string InstanceId = "durabletask.task.instance_id";
    private const string TaskId = "durabletask.task.task_id";

    /// <summary>Tags the current span (the start request's) with the run id and returns its context to keep, or null.</summary>
    public static TraceParent? Capture(string instanceId)
    {
        if (Activity.Current is not { } current)
        {
            return null;
        }

        current.SetTag(AdvisorTelemetry.RunId, instanceId);
        return current.IdFormat == ActivityIdFormat.W3C && current.Id is { } id ? new TraceParent(id, current.TraceStateString) : null;
    }

    /// <summary>Starts the span of one execution of <paramref name="instance"/>, a child of the start request's span when kept.</summary>
    public static Activity? StartOrchestration(InstanceRecord instance, TraceParent? parent, bool resumed)
    {
        if (!AdvisorTelemetry.Source.HasListeners())
        {
            return null;
        }

        var context = parent is not null && ActivityContext.TryParse(parent.Id, parent.State, isRemote: true, out var parsed) ? parsed : default;
        var span = AdvisorTelemetry.Source.StartActivity($"orchestration:{instance.Name}", ActivityKind.Internal, context);
        span?.SetTag(Type, "orchestration").SetTag(TaskName, instance.Name).SetTag(InstanceId, instance.Id)
            .SetTag(AdvisorTelemetry.RunId, instance.Id).SetTag("advisor.orchestration.resumed", resumed);
        return span;
    }

    /// <summary>Starts the span of one attempt of activity <paramref name="name"/> (task <paramref name="taskId"/>), a child of the current orchestration span.</summary>
    public static Activity? StartActivity(string name, string instanceId, int taskId, int attempt)
    {
        var span = AdvisorTelemetry.Source.StartActivity($"activity:{name}");
        span?.SetTag(Type, "activity").SetTag(TaskName, name).SetTag(InstanceId, instanceId).SetTag(TaskId, taskId)
            .SetTag(AdvisorTelemetry.RunId, instanceId).SetTag("advisor.activity.attempt", attempt);
        return span;
    }

    /// <summary>Marks <paramref name="span"/> failed with the exception's type name (never its message, which may quote input).</summary>
    public static void Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error).SetTag(AdvisorTelemetry.ErrorType, exception.GetType().FullName);
    }
}
