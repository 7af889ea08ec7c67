using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// The project's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>, and the
/// names of the project's own attributes (namespace <c>advisor.*</c>). Plain <c>System.Diagnostics</c>: the hosts add
/// the OpenTelemetry SDK and listen to <see cref="Name"/>. Every instrument is listed in docs/observability.md.
/// </summary>
public static class AdvisorTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "PortfolioAdvisor";

    /// <summary>
    /// The activity source and meter of Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> chat client (its default
    /// source name), which emits the GenAI semantic conventions' spans and <c>gen_ai.client.*</c> metrics.
    /// </summary>
    public const string GenAISourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Spans of the orchestrations, activities and deliveries.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>The project's instruments (<see cref="RunMetrics"/>, <see cref="StreamMetrics"/>, <see cref="MeasuredChatClient"/>).</summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>Attribute: the run (orchestration instance) id, on every span of a run. Never a metric tag (unbounded).</summary>
    public const string RunId = "advisor.run.id";

    /// <summary>Attribute: <c>analysis</c> or <c>turn</c> (a turn's <c>run_started</c> names only the advisor node).</summary>
    public const string RunKind = "advisor.run.kind";

    /// <summary>Attribute: how a run ended, <c>completed</c>, <c>failed</c> or <c>terminated</c>.</summary>
    public const string RunOutcome = "advisor.run.outcome";

    /// <summary>Attribute: the analysis node (<c>convert</c>, <c>risk</c>, …) an activity works on.</summary>
    public const string Node = "advisor.node";

    /// <summary>Attribute: the event transport, one of <see cref="Transports"/>.</summary>
    public const string Transport = "advisor.transport";

    /// <summary>Attribute: a run event's wire type (<c>node_started</c>, <c>message</c>, …).</summary>
    public const string EventType = "advisor.event.type";

    /// <summary>Attribute: how many events one delivery carried.</summary>
    public const string EventCount = "advisor.event.count";

    /// <summary>The semantic conventions' attribute for an error's kind (<c>429</c>, <c>timeout</c>, <c>stall</c>, …).</summary>
    public const string ErrorType = "error.type";

    /// <summary>The GenAI semantic conventions' attribute for the model a request names.</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary>The values of <see cref="Transport"/>.</summary>
    public static class Transports
    {
        /// <summary>The SignalR hub (<c>runEvent</c> to the owner's group).</summary>
        public const string SignalR = "signalr";

        /// <summary>Server-Sent Events (<c>GET …/events</c> with <c>Accept: text/event-stream</c>).</summary>
        public const string Sse = "sse";

        /// <summary>The JSON array of <c>GET …/events?after=N</c>.</summary>
        public const string Json = "json";
    }
}
