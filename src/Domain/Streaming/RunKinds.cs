namespace PortfolioAdvisor.Streaming;

/// <summary>The <c>kind</c> of a run, as <c>run_started</c> names it.</summary>
public static class RunKinds
{
    /// <summary>A fund analysis (five nodes).</summary>
    public const string Analysis = "analysis";

    /// <summary>A turn of a conversation: one question and the advisor's answer (node <c>advisor</c>).</summary>
    public const string Turn = "turn";
}
