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
}
