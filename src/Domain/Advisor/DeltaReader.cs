namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Reads a model's delta stream with a bounded wait per read, so the advisor can send due token frames and detect a
/// stalled stream while a read is pending. Disposing cancels the model call (aborting its HTTP request) first, because
/// an async iterator may not be disposed while a read is in flight.
/// </summary>
internal sealed class DeltaReader : IAsyncDisposable
{
    private readonly CancellationTokenSource modelCall;
    private readonly IAsyncEnumerator<ChatDelta> enumerator;
    private readonly TimeProvider timeProvider;
    private Task<bool>? pending;

    public DeltaReader(Func<CancellationToken, IAsyncEnumerable<ChatDelta>> stream, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        this.timeProvider = timeProvider;
        modelCall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        enumerator = stream(modelCall.Token).GetAsyncEnumerator(modelCall.Token);
    }

    /// <summary>
    /// The next delta; <see cref="DeltaRead.Ended"/> when the stream ended; <see cref="DeltaRead.Waiting"/> when none
    /// came within <paramref name="wait"/> (the read stays pending for the next call). With <paramref name="gather"/>
    /// and no read pending, it reads nothing until <paramref name="wait"/> has passed, then returns every delta that
    /// arrived meanwhile as one (their texts joined): the caller passes it while text already waits for a frame that
    /// cannot leave sooner, and tokens read together cost the host one wake-up instead of one each (each token arrives
    /// in its own network write; docs/performance.md).
    /// </summary>
    public async Task<DeltaRead> NextAsync(TimeSpan wait, CancellationToken cancellationToken, bool gather = false)
    {
        if (gather && pending is null && wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            return Drain();
        }

        pending ??= enumerator.MoveNextAsync().AsTask();
        if (!pending.IsCompleted)
        {
            // One timer per wait and no exception when it runs out: a linked token source, a Task.Delay and a
            // Task.WhenAny per read were a measurable part of a token's CPU (docs/performance.md).
            var waited = (Task)pending.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, timeProvider, cancellationToken);
            await waited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            if (!pending.IsCompleted)
            {
                return DeltaRead.Waiting;
            }
        }

        var read = pending;
        pending = null;
        return await read.ConfigureAwait(false) ? new DeltaRead(enumerator.Current) : DeltaRead.Ended;
    }

    /// <summary>
    /// Every delta that is already there, as one: reads complete synchronously while the connection's buffers hold data.
    /// The first read that would wait (or that failed, or found the end) stays pending for the next call.
    /// </summary>
    private DeltaRead Drain()
    {
        ChatDelta? merged = null;
        while (true)
        {
            pending = enumerator.MoveNextAsync().AsTask();
            if (!pending.IsCompletedSuccessfully || !pending.Result)
            {
                return merged is null ? DeltaRead.Waiting : new DeltaRead(merged);
            }

            pending = null;
            var delta = enumerator.Current;
            merged = merged is null ? delta : delta with { Text = merged.Text + delta.Text, ModelId = merged.ModelId ?? delta.ModelId };
            if (delta.FinishReason is not null || delta.HoldsAllArrived)
            {
                // A read now would only wait, and the pending read it leaves would take the next token alone.
                return new DeltaRead(merged);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await modelCall.CancelAsync().ConfigureAwait(false);
        if (pending is not null)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The read was cancelled on purpose; its outcome no longer matters.
            }
        }

        try
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            modelCall.Dispose();
        }
    }
}

/// <summary>The outcome of <see cref="DeltaReader.NextAsync"/>: a <see cref="Delta"/>, or the end, or still waiting.</summary>
internal readonly record struct DeltaRead(ChatDelta? Delta, bool IsEnd = false)
{
    public static DeltaRead Ended => new(null, true);

    public static DeltaRead Waiting => new(null);

    public bool IsWaiting => Delta is null && !IsEnd;
}
