using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class TokenCoalescerTests
{
    [Fact]
    public void Add_JoinsDeltasForUpToHalfTheWindow_WhenTheyArriveFasterThanThat()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(80), clock);
        var frames = new List<string?> { coalescer.Add("He") };
        clock.Advance(TimeSpan.FromMilliseconds(20));
        frames.Add(coalescer.Add("ll"));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        frames.Add(coalescer.Add("o "));
        // "ll" has waited 20 ms of the 40 (half the window) it may.
        Assert.Equal(TimeSpan.FromMilliseconds(20), coalescer.DueIn);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        frames.Add(coalescer.Add("wor"));
        frames.Add(coalescer.Add("ld"));
        frames.Add(coalescer.Flush());

        Assert.Equal(["He", null, null, "llo wor", null, "ld"], frames);
        Assert.False(coalescer.HasPending);
    }

    [Fact]
    public void Add_SendsEveryDelta_WhenTheIntervalIsZero()
    {
        var coalescer = new TokenCoalescer(TimeSpan.Zero, new ManualTimeProvider(DateTimeOffset.UnixEpoch));

        Assert.Equal(["a", "b", "c"], new[] { "a", "b", "c" }.Select(coalescer.Add));
        Assert.Null(coalescer.Flush());
    }

    [Fact]
    public void TakeIfDue_ReleasesPendingText_WhenItHasWaitedHalfTheWindowWithoutNewDeltas()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(80), clock);
        coalescer.Add("first");
        coalescer.Add(" second");

        Assert.Null(coalescer.TakeIfDue());
        clock.Advance(TimeSpan.FromMilliseconds(39));
        Assert.Null(coalescer.TakeIfDue());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(" second", coalescer.TakeIfDue());
    }

    [Fact]
    public void Add_SendsADeltaAtOnce_WhenNoFrameLeftInTheLastHalfWindow()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(80), clock);
        var frames = new List<string?> { coalescer.Add("a") };
        clock.Advance(TimeSpan.FromMilliseconds(40));
        frames.Add(coalescer.Add("b"));
        clock.Advance(TimeSpan.FromMilliseconds(39));
        frames.Add(coalescer.Add("c"));

        // At 20 tokens/s (50 ms apart) every token leaves on arrival: none would find company within 40 ms.
        Assert.Equal(["a", "b", null], frames);
        Assert.True(coalescer.HasPending);
    }

    [Fact]
    public void Add_SendsAtLeast2point5TimesFewerFrames_And_HoldsNoneOver40Ms_When_TokensArriveAt50PerSecond()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(80), clock);
        var arrivals = new Queue<long>();
        var (frames, worstWait) = (0, 0L);
        long Now() => (long)clock.GetUtcNow().Subtract(DateTimeOffset.UnixEpoch).TotalMilliseconds;
        void Sent(string? frame)
        {
            if (frame is null)
            {
                return;
            }

            frames++;
            while (arrivals.TryDequeue(out var arrived))
            {
                worstWait = Math.Max(worstWait, Now() - arrived);
            }
        }

        for (var k = 0; k < 300; k++)
        {
            // 20 ms apart, each a little early or late (up to ±4 ms), as a model's tokens are.
            var at = (k * 20) + ((k * 7 % 9) - 4);
            if (coalescer.HasPending && Now() + (long)coalescer.DueIn.TotalMilliseconds <= at)
            {
                // The advisor's wait for the next delta ends when the waiting text is due (StreamingAdvisor).
                clock.Advance(coalescer.DueIn);
                Sent(coalescer.TakeIfDue());
            }

            clock.Advance(TimeSpan.FromMilliseconds(at - Now()));
            arrivals.Enqueue(at);
            Sent(coalescer.Add($"t{k} "));
        }

        // Three tokens a frame when they arrive on time; the jitter makes some frames leave with two on the timer.
        Assert.True(frames <= 300 / 2.5, $"{frames} frames for 300 tokens");
        Assert.True(worstWait <= 40, $"a token waited {worstWait} ms");
    }
}
