using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using PortfolioAdvisor.Advisor;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>The model stream's reader over a channel of deltas, on a fake clock: gathering waits without reading.</summary>
public sealed class DeltaReaderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(40);
    private readonly FakeTimeProvider clock = new();
    private readonly Channel<ChatDelta> model = Channel.CreateUnbounded<ChatDelta>();

    [Fact]
    public async Task NextAsync_ReturnsEveryDeltaThatArrivedMeanwhileAsOne_WhenGathering()
    {
        await using var reader = Reader();
        var read = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        await Write("a", "b", "c");

        Assert.False(read.IsCompleted);
        clock.Advance(Wait);
        var gathered = await read;

        Assert.Equal("abc", gathered.Delta?.Text);
        Assert.Equal("m", gathered.Delta?.ModelId);
        await Write("d");
        Assert.Equal("d", (await reader.NextAsync(Wait, CancellationToken.None)).Delta?.Text);
    }

    [Fact]
    public async Task NextAsync_StopsGatheringAtTheFinishReason_AndThenReportsTheEnd()
    {
        await using var reader = Reader();
        await Write("a", "b");
        model.Writer.TryWrite(new ChatDelta("", "stop"));
        model.Writer.Complete();
        var read = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        clock.Advance(Wait);

        var gathered = (await read).Delta;
        Assert.Equal(("ab", "stop"), (gathered?.Text, gathered?.FinishReason));
        Assert.True((await reader.NextAsync(Wait, CancellationToken.None)).IsEnd);
    }

    [Fact]
    public async Task NextAsync_ReturnsWaitingWithTheReadStillPending_WhenNothingArrivedWhileGathering()
    {
        await using var reader = Reader();
        var read = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        clock.Advance(Wait);

        Assert.True((await read).IsWaiting);
        var next = reader.NextAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        await Write("late");
        Assert.Equal("late", (await next).Delta?.Text);
    }

    [Fact]
    public async Task NextAsync_HandsOnWhatArrivedBeforeAFailure_AndThrowsItOnTheNextRead()
    {
        await using var reader = Reader();
        await Write("a");
        model.Writer.Complete(new ChatModelException("the connection broke", isTransient: true));
        var read = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        clock.Advance(Wait);

        Assert.Equal("a", (await read).Delta?.Text);
        await Assert.ThrowsAsync<ChatModelException>(() => reader.NextAsync(Wait, CancellationToken.None));
    }

    [Fact]
    public async Task NextAsync_LeavesNoReadPending_AfterADeltaThatHoldsAllThatArrived()
    {
        await using var reader = Reader();
        await model.Writer.WriteAsync(new ChatDelta("abc") { HoldsAllArrived = true });
        await Write("d");
        var read = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        clock.Advance(Wait);

        Assert.Equal("abc", (await read).Delta?.Text);
        var next = reader.NextAsync(Wait, CancellationToken.None, gather: true);
        Assert.False(next.IsCompleted, "with no read pending, a gathering read waits out its time before reading");
        clock.Advance(Wait);
        Assert.Equal("d", (await next).Delta?.Text);
    }

    private DeltaReader Reader() => new(token => model.Reader.ReadAllAsync(token), clock, CancellationToken.None);

    private async Task Write(params string[] texts)
    {
        foreach (var text in texts)
        {
            await model.Writer.WriteAsync(new ChatDelta(text) { ModelId = "m" });
        }
    }
}
