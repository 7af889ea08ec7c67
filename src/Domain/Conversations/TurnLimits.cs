namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The bounds of a turn's agent loop: at most <see cref="MaxModelCalls"/> model calls and <see cref="MaxToolCalls"/>
/// tool calls. A model still asking for tools past them ends the turn <c>run_failed</c> with
/// <see cref="LoopLimitCode"/>, never a hung or endless run.
/// </summary>
public static class TurnLimits
{
    /// <summary>Model calls per turn: 4 (a question, up to three rounds of tools, the answer).</summary>
    public const int MaxModelCalls = 4;

    /// <summary>Tool calls per turn: 8.</summary>
    public const int MaxToolCalls = 8;

    /// <summary>The <c>run_failed</c> code of a turn that reached a bound: <c>tool_loop_limit</c>.</summary>
    public const string LoopLimitCode = "tool_loop_limit";
}

/// <summary>The turn's model kept calling tools past <see cref="TurnLimits"/>; <c>run_failed</c> was logged first.</summary>
public sealed class TurnLoopLimitException(string message) : Exception(message);
