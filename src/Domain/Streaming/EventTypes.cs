namespace PortfolioAdvisor.Streaming;

/// <summary>
/// The wire <c>type</c> of every run event (snake_case, as the public contract spells them).
/// The one place these strings live.
/// </summary>
public static class EventTypes
{
    /// <summary>The orchestration began.</summary>
    public const string RunStarted = "run_started";
    /// <summary>An activity (analysis node) began.</summary>
    public const string NodeStarted = "node_started";
    /// <summary>An activity finished.</summary>
    public const string NodeCompleted = "node_completed";
    /// <summary>The advisor persona starts or stops typing.</summary>
    public const string Typing = "typing";
    /// <summary>Part of a message being written (<c>streaming: true</c>).</summary>
    public const string Token = "token";
    /// <summary>A message is complete (<c>final: true</c>).</summary>
    public const string Message = "message";
    /// <summary>The advisor calls a tool (a turn of a conversation).</summary>
    public const string ToolCall = "tool_call";
    /// <summary>The tool answered: a result or an error, after its <c>tool_call</c> and before any text that uses it.</summary>
    public const string ToolResult = "tool_result";
    /// <summary>Something went wrong; may be retryable.</summary>
    public const string Error = "error";
    /// <summary>Terminal: the output is available.</summary>
    public const string RunCompleted = "run_completed";
    /// <summary>Terminal: the run failed.</summary>
    public const string RunFailed = "run_failed";
    /// <summary>Terminal: the run was terminated by its owner.</summary>
    public const string RunTerminated = "run_terminated";

    /// <summary>True for the three terminal types, after which a run's log accepts no event.</summary>
    public static bool IsTerminal(string type) =>
        type is RunCompleted or RunFailed or RunTerminated;
}
