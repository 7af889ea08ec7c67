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
    private readonly ITimer timer;
    private Task<bool>? pending;
    private TaskCompletionSource? wake;

    public DeltaReader(Func<CancellationToken, IAsyncEnumerable<ChatDelta>> stream, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        modelCall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        enumerator = stream(modelCall.Token).GetAsyncEnumerator(modelCall.Token);
        timer = timeProvider.CreateTimer(static state => ((DeltaReader)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The next delta; <see cref="DeltaRead.Ended"/> when the stream ended; <see cref="DeltaRead.Waiting"/> when none
    /// came within <paramref name="wait"/> (the read stays pending for the next call).
    /// </summary>
    public async Task<DeltaRead> NextAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        pending ??= enumerator.MoveNextAsync().AsTask();
        if (!pending.IsCompleted)
        {
            // The reader's one timer, re-armed per wait, and no exception when it runs out: a Task.WaitAsync with a
            // timeout creates a timer and, when it runs out, a TimeoutException in a faulted task, about once per token
            // frame; before it, a linked token source, a Task.Delay and a Task.WhenAny per read. Both were a
            // measurable part of a token's CPU (docs/performance.md). A wake left over from an earlier wait only
            // ends this one early, which the caller treats as any other Waiting.
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref wake, signal);
            timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), signal))
            {
                await Task.WhenAny(pending, signal.Task).ConfigureAwait(false);
            }

            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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

    private void Wake() => Volatile.Read(ref wake)?.TrySetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        timer.Dispose();
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
