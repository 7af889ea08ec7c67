namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// The W3C trace context of the request that started an instance (<c>traceparent</c>, <c>tracestate</c>), kept with
/// the instance so its orchestration span, even after a restart, continues the request's trace.
/// </summary>
public sealed record TraceParent(string Id, string? State);
