namespace PortfolioAdvisor.Orchestration;

/// <summary>Who a run belongs to: its id (the orchestration instance id) and its owner's user id.</summary>
public sealed record RunContext(string RunId, string OwnerId);
