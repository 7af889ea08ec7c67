using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Tests.Conversations;

/// <summary>
/// A test double of <see cref="IAdvisorTools"/> (the real tools are another engineer's): declares <c>what_if</c> and
/// <c>holding_details</c>, records every call, and answers with a result that names the tool, echoes the arguments and
/// carries a distinctive figure, so a test can find it in what reached the model.
/// </summary>
internal sealed class RecordingAdvisorTools : IAdvisorTools
{
    /// <summary>The figure every result carries.</summary>
    public const double Marker = 98765.4321;

    private readonly ConcurrentQueue<(string Name, string Arguments)> calls = new();

    public IReadOnlyList<AIFunctionDeclaration> Declarations { get; } =
    [
        AIFunctionFactory.CreateDeclaration("what_if", "The portfolio after trades.",
            JsonDocument.Parse("""{"type":"object","properties":{"trades":{"type":"array","items":{"type":"object","properties":{"ticker":{"type":"string"},"shares":{"type":"number"}},"required":["ticker","shares"]}}},"required":["trades"]}""").RootElement),
        AIFunctionFactory.CreateDeclaration("holding_details", "One holding's details.",
            JsonDocument.Parse("""{"type":"object","properties":{"ticker":{"type":"string"}},"required":["ticker"]}""").RootElement),
    ];

    /// <summary>Every call, in order: name and arguments as JSON text.</summary>
    public IReadOnlyList<(string Name, string Arguments)> Calls => [.. calls];

    /// <summary>When set, the answer for every call is this error.</summary>
    public string? Error { get; set; }

    /// <summary>When set, runs inside every call (e.g. to end the turn while its tool runs).</summary>
    public Action? DuringCall { get; set; }

    public ToolOutcome Invoke(string name, JsonElement arguments, AnalysisOutput analysis)
    {
        calls.Enqueue((name, arguments.GetRawText()));
        DuringCall?.Invoke();
        if (Error is { } error)
        {
            return ToolOutcome.Failure(error);
        }

        return ToolOutcome.Success(JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["tool"] = name,
            ["totalValue"] = Marker,
            ["asOf"] = analysis.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["arguments"] = arguments,
        }));
    }
}
