namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The port to a language model that writes the advisor's reply. Adapters: <see cref="OpenAIChatModel"/> (any
/// OpenAI-compatible endpoint) and <see cref="OfflineChatModel"/> (writes from the figures, no model).
/// </summary>
public interface IChatModel
{
    /// <summary>The model name reported in <see cref="AdviceResult.Model"/> (<c>offline</c> for the offline advisor).</summary>
    string Name { get; }

    /// <summary>
    /// Streams the reply to <paramref name="request"/>. The last delta of a complete reply carries a finish reason; a
    /// stream that ends without one was cut short.
    /// </summary>
    /// <exception cref="ChatModelException">The model or its transport failed (see <see cref="ChatModelException.IsTransient"/>).</exception>
    IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default);

    /// <summary>Writes the whole reply in one non-streaming call; the result's text is the reply.</summary>
    /// <exception cref="ChatModelException">The model or its transport failed.</exception>
    Task<ChatDelta> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);
}

/// <summary>
/// A piece of the reply: <paramref name="Text"/> (may be empty) and, on the last piece, the <paramref name="FinishReason"/>
/// (e.g. <c>stop</c>, or <c>tool_calls</c> with the <see cref="ToolCalls"/> the model requested).
/// </summary>
public sealed record ChatDelta(string Text, string? FinishReason = null)
{
    /// <summary>On the last piece, the tool calls the model requested (empty when it answered in text only).</summary>
    public IReadOnlyList<Microsoft.Extensions.AI.FunctionCallContent> ToolCalls { get; init; } = [];

    /// <summary>The model the server says answered, when it said.</summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// True when the adapter already joined into this piece every chunk that had arrived when it was read: a reader
    /// gathering text learns nothing more by reading again at once.
    /// </summary>
    public bool HoldsAllArrived { get; init; }
}

/// <summary>One turn of the conversation sent to a model: <paramref name="Role"/> is <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
public sealed record ChatTurn(string Role, string Content);

/// <summary>
/// What a model is asked: the conversation <paramref name="Turns"/> (built by <see cref="AdvisorPrompt"/>), and for
/// adapters that write without a model, the analysis <paramref name="Input"/>, the <paramref name="Persona"/> and the
/// messages <paramref name="AlreadySaid"/> by an earlier attempt (to be continued, not repeated).
/// </summary>
public sealed record ChatRequest(
    Orchestration.AdvisorInput Input,
    Persona Persona,
    IReadOnlyList<ChatTurn> Turns,
    IReadOnlyList<string> AlreadySaid);

/// <summary>
/// A model call failed. <see cref="IsTransient"/> is true for failures worth retrying (HTTP 408, 429, 5xx, a broken
/// connection); <see cref="RetryAfter"/> is the server's <c>Retry-After</c>, when it sent one.
/// </summary>
public sealed class ChatModelException(string message, bool isTransient, int? status = null, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>True when retrying may succeed.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>The HTTP status, when the server answered.</summary>
    public int? Status { get; } = status;

    /// <summary>The delay the server asked for before a retry, when it sent <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
