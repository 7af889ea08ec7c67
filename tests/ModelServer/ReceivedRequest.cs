namespace PortfolioAdvisor.ModelServer;

/// <summary>A chat-completions request the server received: its model, whether it asked to stream, its messages and raw body.</summary>
public sealed class ReceivedRequest(
    DateTimeOffset receivedAt, string model, bool stream, IReadOnlyList<(string Role, string Content)> messages, string body, IReadOnlyList<string>? tools = null)
{
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The names of the tools the request offered (<c>tools[].function.name</c>), in order.</summary>
    public IReadOnlyList<string> Tools { get; } = tools ?? [];

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The <c>model</c> field.</summary>
    public string Model { get; } = model;

    /// <summary>The <c>stream</c> field.</summary>
    public bool Stream { get; } = stream;

    /// <summary>The <c>messages</c> as role and text.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages { get; } = messages;

    /// <summary>The raw JSON body.</summary>
    public string Body { get; } = body;

    /// <summary>True once the client went away before the server finished the answer.</summary>
    public bool Aborted { get; internal set; }

    /// <summary>
    /// The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the server saw the client go away, or null: a
    /// test measures the abort from this instead of from when its own polling loop next looked.
    /// </summary>
    public long? AbortedAt { get; private set; }

    /// <summary>Tokens written to the stream when the server saw the client go away; null while it has not.</summary>
    public int? TokensSentAtAbort { get; private set; }

    /// <summary>Marks the request aborted (unless it had completed), stamping the first time it is seen.</summary>
    internal void MarkAborted()
    {
        if (!Completed)
        {
            AbortedAt ??= System.Diagnostics.Stopwatch.GetTimestamp();
            TokensSentAtAbort ??= TokensSent;
            Aborted = true;
        }
    }

    /// <summary>True once the server finished its answer.</summary>
    public bool Completed { get; internal set; }

    /// <summary>Completes once the server has written its whole answer or given it up (the client went away, a fault).</summary>
    public Task Finished => finished.Task;

    /// <summary>Completes <see cref="Finished"/>.</summary>
    internal void MarkFinished() => finished.TrySetResult();

    /// <summary>Tokens written to the stream so far.</summary>
    public int TokensSent { get; internal set; }
}
