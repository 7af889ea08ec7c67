using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class OfflineAdvisorTests
{
    [Fact]
    public async Task WriteReplyAsync_WritesOneLabelledMessageFromTheFigures_WhenAnalystIsOffline()
    {
        var harness = new AdvisorHarness();

        var result = await harness.Offline().WriteReplyAsync(AdvisorSamples.Input("run-o"));

        Assert.Equal("offline", result.Model);
        var text = Assert.Single(result.Messages);
        Assert.StartsWith(OfflineReplyWriter.Label, text, StringComparison.Ordinal);
        foreach (var figure in new[] { "$123,457", "2025-10-01", "QQQ", "72.9%", "18.3%", "-27.1%", "1.9%", "0.87", "+21.4%", "+17.7%", "+55.2%", "Trim your largest position", "sell 41 QQQ ($24,600)", "buy 330 BND" })
        {
            Assert.Contains(figure, text, StringComparison.Ordinal);
        }

        var events = harness.Events("run-o");
        Assert.True(events.Count(e => e.Type == EventTypes.Token) > 20, "the offline reply streams word by word");
        StreamAssert.MessagesMatchTheirTokens(events);
    }

    [Fact]
    public async Task WriteReplyAsync_WritesSeveralWarmMessages_WhenXiaomeiIsOffline()
    {
        var harness = new AdvisorHarness();

        var result = await harness.Offline().WriteReplyAsync(AdvisorSamples.Input("run-ox", "xiaomei"));

        Assert.True(result.Messages.Count >= 5, $"{result.Messages.Count} messages");
        Assert.StartsWith(OfflineReplyWriter.Label, result.Messages[0], StringComparison.Ordinal);
        Assert.Contains("72.9%", string.Join("\n", result.Messages), StringComparison.Ordinal);
        Assert.Contains(result.Messages, m => m.Contains("Trim your largest position", StringComparison.Ordinal));
        var events = harness.Events("run-ox");
        Assert.Equal(result.Messages.Count, events.Count(e => e.Type == EventTypes.Message));
        StreamAssert.MessagesMatchTheirTokens(events);
    }

    [Fact]
    public void Write_SaysRepliesAreInEnglish_WhenAnotherLanguageIsAsked()
    {
        var messages = OfflineReplyWriter.Write(AdvisorSamples.Input("run-l", "analyst", "zh-CN"), PersonaCatalog.Analyst);

        Assert.Contains("Offline replies are in English (you asked for 'zh-CN')", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteReplyAsync_PacesXiaomeiAtAHumanRate_WhenPacingIsNotScaledDown()
    {
        var harness = new AdvisorHarness();
        harness.Options.PacingScale = 0.05;
        var fast = new AdvisorHarness();
        fast.Options.PacingScale = 0;
        var input = AdvisorSamples.Input("run-p", "xiaomei");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await harness.Offline().WriteReplyAsync(input);
        var paced = clock.Elapsed;
        clock.Restart();
        await fast.Offline().WriteReplyAsync(input);
        var unpaced = clock.Elapsed;

        var characters = result.Messages.Sum(m => m.Length);
        var expected = TimeSpan.FromSeconds(characters / PersonaCatalog.Xiaomei.CharactersPerSecond * 0.05);
        Assert.True(paced >= expected * 0.9, $"paced {paced} for {characters} characters, expected at least {expected}");
        Assert.True(unpaced < paced, $"unpaced {unpaced}, paced {paced}");
    }
}
