using System.Text.Json.Serialization;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// One event of a run, as clients receive it over SignalR (<c>runEvent</c>), SSE and the events endpoint.
/// <see cref="Seq"/> and <see cref="Ts"/> are stamped by the event log when the event is appended.
/// </summary>
public abstract record RunEvent
{
    /// <summary>The wire type (see <see cref="EventTypes"/>).</summary>
    [JsonPropertyOrder(-4)]
    public string Type => WireType;

    /// <summary>The wire type each concrete event declares.</summary>
    protected abstract string WireType { get; }

    /// <summary>The run (orchestration instance) id.</summary>
    [JsonPropertyOrder(-3)]
    public required string RunId { get; init; }

    /// <summary>1 for a run's first event, then +1 per event, with no gap and no repeat.</summary>
    [JsonPropertyOrder(-2)]
    public long Seq { get; init; }

    /// <summary>When the event was appended to the log, in UTC (written as ISO 8601 with <c>Z</c>).</summary>
    [JsonPropertyOrder(-1)]
    public DateTime Ts { get; init; }
}

/// <summary>
/// The orchestration began: <paramref name="Nodes"/> are its nodes in order (an analysis' five, a turn's <c>advisor</c>),
/// <paramref name="Kind"/> is <see cref="RunKinds.Analysis"/> or <see cref="RunKinds.Turn"/>, and a turn names its
/// <paramref name="ConversationId"/> (the analysis' id; null, so left out, for an analysis).
/// </summary>
public sealed record RunStarted(IReadOnlyList<string> Nodes, string Kind = RunKinds.Analysis, string? ConversationId = null) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.RunStarted;
}

/// <summary>An activity began.</summary>
public sealed record NodeStarted(string Node) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.NodeStarted;
}

/// <summary>
/// An activity finished after <paramref name="DurationMs"/> milliseconds. <paramref name="Percent"/> (0–100) is the
/// share of the run's nodes completed, stamped by the log; <paramref name="Summary"/> holds the node's headline figures.
/// </summary>
public sealed record NodeCompleted(string Node, long DurationMs, int Percent, IReadOnlyDictionary<string, object?> Summary) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.NodeCompleted;
}

/// <summary>The persona <paramref name="Agent"/> starts (<c>true</c>) or stops typing.</summary>
public sealed record TypingChanged(string Agent, [property: JsonPropertyName("typing")] bool IsTyping) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.Typing;
}

/// <summary>Part (<paramref name="Delta"/>) of the message <paramref name="MessageId"/> being written.</summary>
public sealed record TokenStreamed(string Agent, string MessageId, string Delta) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.Token;

    /// <summary>Always <c>true</c>: a partial message.</summary>
    public bool Streaming => true;

    /// <summary>Always <c>false</c>.</summary>
    public bool Final => false;
}

/// <summary>The message <paramref name="MessageId"/> is complete; <paramref name="Content"/> equals its deltas concatenated in seq order.</summary>
public sealed record MessageCompleted(string Agent, string MessageId, string Content) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.Message;

    /// <summary>Always <c>false</c>.</summary>
    public bool Streaming => false;

    /// <summary>Always <c>true</c>: the final message.</summary>
    public bool Final => true;
}

/// <summary>
/// The advisor <paramref name="Agent"/> calls tool <paramref name="Name"/> with <paramref name="Arguments"/> (a JSON
/// object); <paramref name="ToolCallId"/> pairs it with its <see cref="ToolResultReturned"/>.
/// </summary>
public sealed record ToolCalled(string Agent, string ToolCallId, string Name, System.Text.Json.JsonElement Arguments) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.ToolCall;
}

/// <summary>
/// Tool <paramref name="Name"/> answered call <paramref name="ToolCallId"/> after <paramref name="DurationMs"/>
/// milliseconds: exactly one of <paramref name="Result"/> (a JSON object) and <paramref name="Error"/> (a sentence).
/// </summary>
public sealed record ToolResultReturned(
    string Agent, string ToolCallId, string Name, System.Text.Json.JsonElement? Result, string? Error, long DurationMs) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.ToolResult;
}

/// <summary>
/// Something went wrong. With <paramref name="Retryable"/> and a <paramref name="MessageId"/>, clients discard that
/// partial message: a new attempt follows under a new message id.
/// </summary>
public sealed record ErrorRaised(string Code, string Message, bool Retryable, string? Node = null, string? MessageId = null) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.Error;
}

/// <summary>Terminal: the output is available from the status endpoint.</summary>
public sealed record RunCompleted : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.RunCompleted;
}

/// <summary>Terminal: the run failed with <paramref name="Code"/>.</summary>
public sealed record RunFailed(string Code, string Message) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.RunFailed;
}

/// <summary>Terminal: the owner terminated the run.</summary>
public sealed record RunTerminated(string Reason) : RunEvent
{
    /// <inheritdoc />
    protected override string WireType => EventTypes.RunTerminated;
}
