using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Tests;

public class UnfinishedMessagesTests
{
    private static StoredEvent Logged(long seq, RunEvent runEvent) =>
        new("r1", seq, runEvent.Type, EventJson.Serialize(runEvent with { RunId = "r1", Seq = seq }));

    [Fact]
    public void Find_ReturnsMessageId_When_TokensHaveNoFinalMessage()
    {
        var events = new[]
        {
            Logged(1, new TokenStreamed("analyst", "m1", "Hel") { RunId = "r1" }),
            Logged(2, new TokenStreamed("analyst", "m1", "lo") { RunId = "r1" }),
            Logged(3, new MessageCompleted("analyst", "m1", "Hello") { RunId = "r1" }),
            Logged(4, new TokenStreamed("analyst", "m2", "Par") { RunId = "r1" }),
        };

        Assert.Equal(["m2"], UnfinishedMessages.Find(events));
    }

    [Fact]
    public void Find_SkipsMessage_When_AnErrorAlreadyDiscardedIt()
    {
        var events = new[]
        {
            Logged(1, new TokenStreamed("analyst", "m1", "Hel") { RunId = "r1" }),
            Logged(2, new ErrorRaised("model_error", "boom", Retryable: true, Node: "advisor", MessageId: "m1") { RunId = "r1" }),
            Logged(3, new NodeStarted("advisor") { RunId = "r1" }),
        };

        Assert.Empty(UnfinishedMessages.Find(events));
    }

    [Fact]
    public void Discard_IsRetryableErrorNamingTheMessage_When_Built()
    {
        var draft = UnfinishedMessages.Discard("r1", "m7");
        var error = Assert.IsType<ErrorRaised>(draft.Event);
        Assert.True(error.Retryable);
        Assert.Equal("m7", error.MessageId);
        Assert.Equal("discard:m7", draft.DedupeKey);
    }
}
