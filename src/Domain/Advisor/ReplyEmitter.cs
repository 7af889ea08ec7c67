using System.Text;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Turns one attempt's text into events: <c>typing</c> true, coalesced <c>token</c> frames under the message's id,
/// the final <c>message</c> and <c>typing</c> false, at the persona's human pace. Message ids are
/// <c>{prefix}-a{attempt}-m{index}</c> (the prefix is the run id, or a turn's model step), index counting the reply's
/// final messages. Typing and message events carry dedupe
/// keys with the message id; tokens carry none (the log assigns their seq).
/// </summary>
internal sealed partial class ReplyEmitter(
    RunEventWriter events,
    RunContext run,
    Persona persona,
    int attempt,
    List<string> finalMessages,
    RunLiveness liveness,
    TimeSpan coalesceInterval,
    double pacingScale,
    TimeProvider timeProvider,
    string? messagePrefix = null)
{
    private readonly StringBuilder content = new();
    private TokenCoalescer? coalescer;
    private string? messageId;
    private bool tokensSent;
    private long paceStartedAt;
    private int charactersReleased;

    /// <summary>How long until coalesced text is due, or null when none waits.</summary>
    public TimeSpan? FlushDueIn => coalescer is { HasPending: true } c ? c.DueIn : null;

    /// <summary>Shows <c>typing</c> for the first message before the model is asked, so the wait for its first token shows.</summary>
    public Task BeginAsync(CancellationToken cancellationToken) =>
        messageId is null ? StartMessageAsync(pause: false, cancellationToken) : Task.CompletedTask;

    /// <summary>Adds <paramref name="text"/> to the current message, starting one (typing, then the pause between messages) when none is open.</summary>
    public async Task AppendAsync(string text, CancellationToken cancellationToken)
    {
        if (messageId is null)
        {
            await StartMessageAsync(pause: finalMessages.Count > 0, cancellationToken).ConfigureAwait(false);
        }

        // A paced persona releases a long piece (e.g. the non-streaming reply) word by word, not all at once.
        var pieces = persona.IsPaced && pacingScale > 0 && text.Length > 12
            ? Word().Matches(text).Select(m => m.Value)
            : [text];
        foreach (var piece in pieces)
        {
            await PaceAsync(piece.Length, cancellationToken).ConfigureAwait(false);
            content.Append(piece);
            if (coalescer!.Add(piece) is { } frame)
            {
                await SendTokenAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends the coalesced text when its interval has passed.</summary>
    public async Task FlushIfDueAsync(CancellationToken cancellationToken)
    {
        if (coalescer?.TakeIfDue() is { } frame)
        {
            await SendTokenAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the open message: the rest of its tokens, the final <c>message</c>, <c>typing</c> false.</summary>
    public async Task EndMessageAsync(CancellationToken cancellationToken)
    {
        if (messageId is not { } id)
        {
            return;
        }

        if (content.Length == 0)
        {
            await StopTypingAsync(id, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (coalescer!.Flush() is { } frame)
        {
            await SendTokenAsync(frame, cancellationToken).ConfigureAwait(false);
        }

        var text = content.ToString();
        await EmitAsync(new MessageCompleted(persona.Name, id, text) { RunId = run.RunId }, $"message:{id}", cancellationToken).ConfigureAwait(false);
        finalMessages.Add(text);
        await StopTypingAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Abandons the open message after a failure: when tokens of it were sent, an <c>error</c> (retryable, with its
    /// message id) tells clients to discard it; then <c>typing</c> false. Returns the abandoned id, or null.
    /// </summary>
    public async Task<string?> AbandonAsync(string code, string message, CancellationToken cancellationToken)
    {
        if (messageId is not { } id)
        {
            return null;
        }

        if (tokensSent)
        {
            liveness.Saw(await EmitInterruptedAsync(events, run, id, code, message, cancellationToken).ConfigureAwait(false));
        }

        await StopTypingAsync(id, cancellationToken).ConfigureAwait(false);
        return tokensSent ? id : null;
    }

    /// <summary>Logs that the partial message <paramref name="messageId"/> is discarded (retryable error of the advisor node).</summary>
    public static Task<IReadOnlyList<StoredEvent>> EmitInterruptedAsync(RunEventWriter events, RunContext run, string messageId, string code, string message, CancellationToken cancellationToken) =>
        events.EmitAsync(
            run,
            new ErrorRaised(code, message, Retryable: true, Node: AnalysisNodes.Advisor, MessageId: messageId) { RunId = run.RunId },
            $"error:{messageId}",
            cancellationToken);

    private async Task StartMessageAsync(bool pause, CancellationToken cancellationToken)
    {
        var id = ReplyHistory.MessageId(messagePrefix ?? run.RunId, attempt, finalMessages.Count);
        messageId = id;
        content.Clear();
        tokensSent = false;
        coalescer = new TokenCoalescer(coalesceInterval, timeProvider);
        await EmitAsync(new TypingChanged(persona.Name, true) { RunId = run.RunId }, $"typing:{id}:on", cancellationToken).ConfigureAwait(false);
        charactersReleased = 0;
        if (pause && persona.IsPaced && pacingScale > 0 && persona.PauseBetweenMessages > TimeSpan.Zero)
        {
            await Task.Delay(persona.PauseBetweenMessages * pacingScale, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Holds <paramref name="characters"/> back until the persona's characters-per-second budget allows them.</summary>
    private async Task PaceAsync(int characters, CancellationToken cancellationToken)
    {
        if (charactersReleased == 0)
        {
            paceStartedAt = timeProvider.GetTimestamp();
        }

        charactersReleased += characters;
        if (!persona.IsPaced || pacingScale <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(charactersReleased / persona.CharactersPerSecond * pacingScale);
        var wait = due - timeProvider.GetElapsedTime(paceStartedAt);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendTokenAsync(string frame, CancellationToken cancellationToken)
    {
        await EmitAsync(new TokenStreamed(persona.Name, messageId!, frame) { RunId = run.RunId }, null, cancellationToken).ConfigureAwait(false);
        tokensSent = true;
    }

    private async Task StopTypingAsync(string id, CancellationToken cancellationToken)
    {
        messageId = null;
        coalescer = null;
        await EmitAsync(new TypingChanged(persona.Name, false) { RunId = run.RunId }, $"typing:{id}:off", cancellationToken).ConfigureAwait(false);
    }

    private async Task EmitAsync(RunEvent runEvent, string? dedupeKey, CancellationToken cancellationToken) =>
        liveness.Saw(await events.EmitAsync(run, runEvent, dedupeKey, cancellationToken).ConfigureAwait(false));

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\S+|\s+")]
    private static partial System.Text.RegularExpressions.Regex Word();
}
