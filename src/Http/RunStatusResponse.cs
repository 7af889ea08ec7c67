using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioAdvisor.Http;

/// <summary>
/// <c>GET /api/analyses/{id}</c>: Durable's status shape, written with <c>EventJson.StatusOptions</c> on both hosts.
/// <see cref="RuntimeStatus"/> is one of <see cref="RuntimeStatuses"/>; <see cref="CustomStatus"/> is
/// <c>{ node, completedNodes, percent }</c>; <see cref="Output"/> is present once <c>Completed</c> (and, for a
/// <c>Terminated</c> run, holds what was written before the stop, marked partial).
/// </summary>
public sealed record RunStatusResponse(
    string Id,
    string RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    JsonElement? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Output);

/// <summary>The contract's five values of <c>runtimeStatus</c>.</summary>
public static class RuntimeStatuses
{
    /// <summary>Scheduled, not yet started.</summary>
    public const string Pending = "Pending";

    /// <summary>Started, not ended.</summary>
    public const string Running = "Running";

    /// <summary>Ended with its output.</summary>
    public const string Completed = "Completed";

    /// <summary>Ended by a failure (<c>run_failed</c>).</summary>
    public const string Failed = "Failed";

    /// <summary>Ended by a terminate request (<c>run_terminated</c>).</summary>
    public const string Terminated = "Terminated";

    /// <summary>True for <see cref="Completed"/>, <see cref="Failed"/> and <see cref="Terminated"/>.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Terminated;
}
