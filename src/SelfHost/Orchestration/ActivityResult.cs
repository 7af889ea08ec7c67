namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// What an activity returned: the <paramref name="Value"/> object, handed back to the orchestration that called it in
/// this process, and the same as <paramref name="Json"/> (<see cref="ActivityRegistry.Json"/>), for the history row.
/// </summary>
public sealed record ActivityResult(object? Value, string Json);
