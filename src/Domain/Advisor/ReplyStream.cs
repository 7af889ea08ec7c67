using Polly.Timeout;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// One attempt at a model's reply, streamed into a <see cref="ReplyEmitter"/>: the stream is opened with retries before
/// its first token (<see cref="ModelCallPolicies"/>), its text is cut into messages (<see cref="MessageSplitter"/>),
/// coalesced token frames leave when due, a silence longer than the stall timeout or a stream that ends without a
/// finish reason breaks the attempt (<see cref="ReplyInterruptedException"/>), and a run that ends meanwhile stops it
/// (<see cref="RunLiveness"/>). Shared by the analysis advisor and the turn's model calls.
/// </summary>
internal sealed class ReplyStream(ModelCallPolicies policies, TimeSpan stall, TimeProvider timeProvider)
{
    /// <summary>The <c>error</c> code of a partial message discarded because its stream broke off or its activity restarted.</summary>
    public const string InterruptedCode = "stream_interrupted";

    /// <summary>Streams one attempt; returns its last delta (finish reason and tool calls requested).</summary>
    /// <exception cref="ReplyInterruptedException">The stream broke off after its first token.</exception>
    /// <exception cref="ChatModelException">The model refused the request (after the retries before the first token).</exception>
    /// <exception cref="Streaming.RunClosedException">The run ended meanwhile.</exception>
    public async Task<ChatDelta> StreamOnceAsync(
        Func<CancellationToken, IAsyncEnumerable<ChatDelta>> stream, bool multiMessage, ReplyEmitter emitter, RunLiveness liveness, CancellationToken cancellationToken)
    {
        await emitter.BeginAsync(cancellationToken).ConfigureAwait(false);
        var (reader, read) = await liveness.GuardAsync(
            token => policies.OpenStreamAsync(stream, cancellationToken, token),
            opened => opened.Reader.DisposeAsync(),
            cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var splitter = new MessageSplitter(multiMessage);
            var lastDeltaAt = timeProvider.GetTimestamp();
            while (true)
            {
                if (read.IsEnd)
                {
                    throw new ReplyInterruptedException(InterruptedCode, "the model's stream ended without a finish reason (connection dropped)");
                }

                if (read.Delta is { } delta)
                {
                    await EmitAsync(splitter, emitter, delta.Text, cancellationToken).ConfigureAwait(false);
                    lastDeltaAt = timeProvider.GetTimestamp();
                    if (delta.FinishReason is not null)
                    {
                        await emitter.EndMessageAsync(cancellationToken).ConfigureAwait(false);
                        return delta;
                    }
                }
                else
                {
                    await emitter.FlushIfDueAsync(cancellationToken).ConfigureAwait(false);
                    await liveness.ThrowIfClosedAsync(cancellationToken).ConfigureAwait(false);
                }

                var stallLeft = stall - timeProvider.GetElapsedTime(lastDeltaAt);
                if (stallLeft <= TimeSpan.Zero)
                {
                    throw new ReplyInterruptedException("model_stalled", $"no token from the model for {stall.TotalSeconds:0.#} s");
                }

                var due = emitter.FlushDueIn;
                var wait = Shortest(due ?? stallLeft, stallLeft, RunLiveness.CheckInterval);
                try
                {
                    read = await reader.NextAsync(wait, cancellationToken, gather: due > TimeSpan.Zero).ConfigureAwait(false);
                }
                catch (ChatModelException ex)
                {
                    throw new ReplyInterruptedException("model_error", ex.Message, ex);
                }
            }
        }
    }

    /// <summary>The whole reply in one non-streaming call, released into the emitter; returns the model's answer.</summary>
    /// <exception cref="ChatModelException">The model failed.</exception>
    /// <exception cref="Streaming.RunClosedException">The run ended meanwhile.</exception>
    public async Task<ChatDelta> CompleteOnceAsync(
        Func<CancellationToken, Task<ChatDelta>> call, bool multiMessage, ReplyEmitter emitter, RunLiveness liveness, CancellationToken cancellationToken)
    {
        await emitter.BeginAsync(cancellationToken).ConfigureAwait(false);
        var reply = await liveness.GuardAsync(
            async token => await policies.CompleteAsync(call, token).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false);
        await EmitAsync(new MessageSplitter(multiMessage), emitter, reply.Text, cancellationToken).ConfigureAwait(false);
        await emitter.EndMessageAsync(cancellationToken).ConfigureAwait(false);
        return reply;
    }

    /// <summary>True for a failure a new attempt may overcome.</summary>
    public static bool IsRetryable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ReplyInterruptedException => true,
        ChatModelException model => model.IsTransient,
        TimeoutRejectedException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>The <c>error</c> event's code for <paramref name="ex"/>.</summary>
    public static string ErrorCode(Exception ex) => ex switch
    {
        ReplyInterruptedException interrupted => interrupted.Code,
        TimeoutRejectedException => "model_timeout",
        _ => "model_error",
    };

    private static async Task EmitAsync(MessageSplitter splitter, ReplyEmitter emitter, string text, CancellationToken cancellationToken)
    {
        foreach (var piece in splitter.Feed(text))
        {
            if (piece is null)
            {
                await emitter.EndMessageAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await emitter.AppendAsync(piece, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TimeSpan Shortest(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);
}
