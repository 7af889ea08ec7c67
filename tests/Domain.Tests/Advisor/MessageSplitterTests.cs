using PortfolioAdvisor.Advisor;

namespace PortfolioAdvisor.Tests.Advisor;

public sealed class MessageSplitterTests
{
    private static List<string> Messages(bool split, params string[] deltas)
    {
        var splitter = new MessageSplitter(split);
        var messages = new List<string> { "" };
        foreach (var piece in deltas.SelectMany(splitter.Feed))
        {
            if (piece is null)
            {
                messages.Add("");
            }
            else
            {
                messages[^1] += piece;
            }
        }

        return messages;
    }

    [Fact]
    public void Feed_SplitsInsideADelta_WhenTheBlankLineFallsMidToken()
    {
        Assert.Equal(["Hi there.", "How are you?"], Messages(true, "Hi the", "re.\n\nHow", " are you?"));
    }

    [Fact]
    public void Feed_SplitsAcrossDeltas_WhenTheLineBreaksArriveSeparately()
    {
        Assert.Equal(["One.", "Two."], Messages(true, "One.", "\n", " \r\n", "Two."));
    }

    [Fact]
    public void Feed_TrimsEachMessage_WhenTheTextStartsOrEndsWithWhitespace()
    {
        Assert.Equal(["First line\nsecond line", "Next."], Messages(true, "\n  First line\nsecond line", "\n\n\n", "Next.  \n"));
    }

    [Fact]
    public void Feed_KeepsBlankLinesInsideTheMessage_WhenNotSplitting()
    {
        Assert.Equal(["Verdict.\n\nDetails."], Messages(false, " Verdict.\n", "\nDetails.\n\n"));
    }
}
