using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Translates one run's project events (<see cref="EventTypes"/>, in seq order) into AG-UI 1.0 events (docs.ag-ui.com,
/// <c>@ag-ui/core</c> 1.0.0), keeping what AG-UI's verifier requires: <c>RUN_STARTED</c> first; a text message, tool
/// call or step is opened once and closed before <c>RUN_FINISHED</c>; nothing after <c>RUN_FINISHED</c> or
/// <c>RUN_ERROR</c>. Optional members are left out rather than written null (the verifier rejects nulls). The mapping
/// table and its decisions are in docs/agui.md. One instance per stream; not thread-safe.
/// </summary>
public sealed class AgUiTranslator(string threadId, string runId)
{
    /// <summary>The <c>CUSTOM</c> event name of a persona's typing indicator: <c>value = { agent, typing }</c>.</summary>
    public const string TypingEvent = "typing";

    /// <summary>
    /// The <c>CUSTOM</c> event name sent when a partial message is discarded (a retryable <c>error</c> naming its
    /// <c>messageId</c>): <c>value = { messageId, code, message }</c>. Its text was sent and is closed by
    /// <c>TEXT_MESSAGE_END</c>; the retry follows under a new message id.
    /// </summary>
    public const string MessageDiscardedEvent = "message_discarded";

    /// <summary>The <c>CUSTOM</c> event name of a non-terminal <c>error</c> without a message: <c>value = { code, message, retryable, node? }</c>.</summary>
    public const string ErrorEvent = "error";

    private readonly HashSet<string> openMessages = new(StringComparer.Ordinal);
    private readonly HashSet<string> openSteps = new(StringComparer.Ordinal);
    private bool started;

    /// <summary>True once the run's terminal AG-UI event (<c>RUN_FINISHED</c> or <c>RUN_ERROR</c>) was produced.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>
    /// The AG-UI events for <paramref name="stored"/>. <paramref name="state"/> is the <c>STATE_SNAPSHOT</c> sent before
    /// <c>RUN_FINISHED</c> when <paramref name="stored"/> is <c>run_completed</c> (null: none). Events after the terminal
    /// one produce nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="stored"/> is null.</exception>
    /// <exception cref="JsonException">The stored JSON is not an event object.</exception>
    public IReadOnlyList<JsonObject> Translate(StoredEvent stored, JsonNode? state = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var output = new List<JsonObject>();
        if (IsFinished)
        {
            return output;
        }

        var e = JsonNode.Parse(stored.Json)?.AsObject() ?? throw new JsonException($"Event {stored.Seq} of run '{stored.RunId}' is not a JSON object.");
        var timestamp = Timestamp(e);
        if (!started)
        {
            started = true;
            output.Add(Event("RUN_STARTED", timestamp, ("threadId", threadId), ("runId", runId)));
        }

        switch (stored.Type)
        {
            case EventTypes.RunStarted:
                break;
            case EventTypes.NodeStarted:
                var step = Text(e, "node");
                if (openSteps.Add(step))
                {
                    output.Add(Event("STEP_STARTED", timestamp, ("stepName", step)));
                }

                break;
            case EventTypes.NodeCompleted:
                var completed = Text(e, "node");
                if (openSteps.Remove(completed))
                {
                    output.Add(Event("STEP_FINISHED", timestamp, ("stepName", completed)));
                }

                break;
            case EventTypes.Typing:
                output.Add(Custom(TypingEvent, timestamp, new JsonObject { ["agent"] = Text(e, "agent"), ["typing"] = e["typing"]?.GetValue<bool>() ?? false }));
                break;
            case EventTypes.Token:
                OpenMessage(output, Text(e, "messageId"), timestamp);
                var delta = Text(e, "delta");
                if (delta.Length > 0)
                {
                    output.Add(Event("TEXT_MESSAGE_CONTENT", timestamp, ("messageId", Text(e, "messageId")), ("delta", delta)));
                }

                break;
            case EventTypes.Message:
                var messageId = Text(e, "messageId");
                if (openMessages.Contains(messageId))
                {
                    output.Add(Event("TEXT_MESSAGE_END", timestamp, ("messageId", messageId)));
                    openMessages.Remove(messageId);
                }
                else
                {
                    // A message logged without tokens (an offline reply) is sent whole.
                    OpenMessage(output, messageId, timestamp);
                    var content = Text(e, "content");
                    if (content.Length > 0)
                    {
                        output.Add(Event("TEXT_MESSAGE_CONTENT", timestamp, ("messageId", messageId), ("delta", content)));
                    }

                    output.Add(Event("TEXT_MESSAGE_END", timestamp, ("messageId", messageId)));
                    openMessages.Remove(messageId);
                }

                break;
            case EventTypes.ToolCall:
                var callId = Text(e, "toolCallId");
                output.Add(Event("TOOL_CALL_START", timestamp, ("toolCallId", callId), ("toolCallName", Text(e, "name"))));
                output.Add(Event("TOOL_CALL_ARGS", timestamp, ("toolCallId", callId), ("delta", e["arguments"]?.ToJsonString() ?? "{}")));
                output.Add(Event("TOOL_CALL_END", timestamp, ("toolCallId", callId)));
                break;
            case EventTypes.ToolResult:
                var resultOf = Text(e, "toolCallId");
                var result = e["result"] is { } value
                    ? value.ToJsonString()
                    : new JsonObject { ["error"] = e["error"]?.GetValue<string>() ?? "The tool failed." }.ToJsonString();
                output.Add(Event("TOOL_CALL_RESULT", timestamp, ("messageId", $"{resultOf}-result"), ("toolCallId", resultOf), ("content", result), ("role", "tool")));
                break;
            case EventTypes.Error:
                ErrorRaised(output, e, timestamp);
                break;
            case EventTypes.RunCompleted:
                CloseAll(output, timestamp);
                if (state is not null)
                {
                    var snapshot = Event("STATE_SNAPSHOT", timestamp);
                    snapshot["snapshot"] = state.DeepClone();
                    output.Add(snapshot);
                }

                var finished = Event("RUN_FINISHED", timestamp, ("threadId", threadId), ("runId", runId));
                finished["result"] = new JsonObject { ["runId"] = stored.RunId };
                output.Add(finished);
                IsFinished = true;
                break;
            case EventTypes.RunTerminated:
                CloseAll(output, timestamp);
                var cancelled = Event("RUN_FINISHED", timestamp, ("threadId", threadId), ("runId", runId));
                cancelled["outcome"] = new JsonObject { ["type"] = "cancelled" };
                cancelled["result"] = new JsonObject { ["runId"] = stored.RunId, ["reason"] = Text(e, "reason") };
                output.Add(cancelled);
                IsFinished = true;
                break;
            case EventTypes.RunFailed:
                output.Add(Event("RUN_ERROR", timestamp, ("message", Text(e, "message")), ("code", Text(e, "code"))));
                IsFinished = true;
                break;
            default:
                // An event type this version does not know travels as AG-UI's RAW event rather than being dropped.
                var raw = Event("RAW", timestamp, ("source", "portfolio-advisor"));
                raw["event"] = e.DeepClone();
                output.Add(raw);
                break;
        }

        return output;
    }

    private void ErrorRaised(List<JsonObject> output, JsonObject e, long? timestamp)
    {
        var value = new JsonObject { ["code"] = Text(e, "code"), ["message"] = Text(e, "message") };
        if (e["messageId"]?.GetValue<string>() is { } discarded && e["retryable"]?.GetValue<bool>() == true)
        {
            if (openMessages.Remove(discarded))
            {
                output.Add(Event("TEXT_MESSAGE_END", timestamp, ("messageId", discarded)));
            }

            value["messageId"] = discarded;
            output.Add(Custom(MessageDiscardedEvent, timestamp, value));
            return;
        }

        value["retryable"] = e["retryable"]?.GetValue<bool>() ?? false;
        if (e["node"]?.GetValue<string>() is { } node)
        {
            value["node"] = node;
        }

        output.Add(Custom(ErrorEvent, timestamp, value));
    }

    private void OpenMessage(List<JsonObject> output, string messageId, long? timestamp)
    {
        if (openMessages.Add(messageId))
        {
            output.Add(Event("TEXT_MESSAGE_START", timestamp, ("messageId", messageId), ("role", "assistant")));
        }
    }

    private void CloseAll(List<JsonObject> output, long? timestamp)
    {
        foreach (var messageId in openMessages)
        {
            output.Add(Event("TEXT_MESSAGE_END", timestamp, ("messageId", messageId)));
        }

        foreach (var step in openSteps)
        {
            output.Add(Event("STEP_FINISHED", timestamp, ("stepName", step)));
        }

        openMessages.Clear();
        openSteps.Clear();
    }

    private static JsonObject Custom(string name, long? timestamp, JsonObject value)
    {
        var custom = Event("CUSTOM", timestamp, ("name", name));
        custom["value"] = value;
        return custom;
    }

    private static JsonObject Event(string type, long? timestamp, params (string Name, string Value)[] members)
    {
        var e = new JsonObject { ["type"] = type };
        if (timestamp is { } ms)
        {
            e["timestamp"] = ms;
        }

        foreach (var (name, value) in members)
        {
            e[name] = value;
        }

        return e;
    }

    private static string Text(JsonObject e, string name) => e[name]?.GetValue<string>() ?? "";

    private static long? Timestamp(JsonObject e) =>
        e["ts"]?.GetValue<string>() is { } ts && DateTimeOffset.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUnixTimeMilliseconds()
            : null;
}
