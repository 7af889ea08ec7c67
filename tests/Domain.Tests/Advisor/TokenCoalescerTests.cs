using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class TokenCoalescerTests
{
    [Fact]
    public void Add_JoinsDeltasUntilTheIntervalPasses_WhenTheyArriveFasterThanTheInterval()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(60), clock);
        var frames = new List<string?> { coalescer.Add("He") };
        clock.Advance(TimeSpan.FromMilliseconds(20));
        frames.Add(coalescer.Add("ll"));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        frames.Add(coalescer.Add("o "));
        // "ll" has waited 20 ms of the 60 it may.
        Assert.Equal(TimeSpan.FromMilliseconds(40), coalescer.DueIn);
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
    public void TakeIfDue_ReleasesPendingText_WhenTheIntervalHasPassedWithoutNewDeltas()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(60), clock);
        coalescer.Add("first");
        coalescer.Add(" second");

        Assert.Null(coalescer.TakeIfDue());
        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(" second", coalescer.TakeIfDue());
    }

    [Fact]
    public void Add_PacksThreeTokensPerFrame_And_HoldsNoneOver40Ms_When_TokensArriveAt50PerSecond()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new TokenCoalescer(TimeSpan.FromMilliseconds(60), clock);
        var arrivals = new Queue<long>();
        var (frames, worstWait) = (0, 0L);
        for (var k = 0; k < 300; k++)
        {
            // 20 ms apart, each a little early or late (up to ±4 ms), as a model's tokens are.
            var at = (k * 20) + ((k * 7 % 9) - 4);
            clock.Advance(TimeSpan.FromMilliseconds(at) - clock.GetUtcNow().Subtract(DateTimeOffset.UnixEpoch));
            arrivals.Enqueue(at);
            if (coalescer.Add($"t{k} ") is not null)
            {
                frames++;
                while (arrivals.TryDequeue(out var arrived))
                {
                    worstWait = Math.Max(worstWait, at - arrived);
                }
            }
        }

        Assert.True(frames <= 300 / 3 + 1, $"{frames} frames for 300 tokens");
        Assert.True(worstWait <= 48, $"a token waited {worstWait} ms");
    }
}
