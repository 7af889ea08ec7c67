namespace PortfolioAdvisor.Orchestration;

/// <summary>The analysis nodes in run order, as named in <c>run_started</c>, <c>node_*</c> events and custom status.</summary>
public static class AnalysisNodes
{
    /// <summary>Portfolio input to priced holdings.</summary>
    public const string Convert = "convert";
    /// <summary>Risk metrics.</summary>
    public const string Risk = "risk";
    /// <summary>Performance metrics.</summary>
    public const string Performance = "performance";
    /// <summary>Deterministic recommendations.</summary>
    public const string Recommendations = "recommendations";
    /// <summary>The persona's streamed reply.</summary>
    public const string Advisor = "advisor";

    /// <summary>All five, in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Convert, Risk, Performance, Recommendations, Advisor];
}
