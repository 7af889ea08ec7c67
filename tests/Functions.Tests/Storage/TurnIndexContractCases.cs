using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Tests.Storage;

/// <summary>The contract of <see cref="ITurnIndex"/>, written once and run against each implementation.</summary>
public abstract class TurnIndexContractCases
{
    private static readonly DateTimeOffset Asked = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh index (conversation ids are unique per test, so a shared table serves).</summary>
    protected abstract ITurnIndex Index { get; }

    [Fact]
    public async Task List_IsEmpty_When_TheConversationHasNoTurn() =>
        Assert.Empty(await Index.ListAsync(NewId()));

    [Fact]
    public async Task TryAppend_KeepsTheTurnsInOrder_WithQuestionOwnerAndTime()
    {
        var conversation = NewId();
        var first = new ConversationTurn(conversation, "turn-1", "alice", "What if I sell 20 VTI?", Asked);
        var second = new ConversationTurn(conversation, "turn-2", "alice", "Tell me about BND", Asked.AddMinutes(1));

        Assert.True(await Index.TryAppendAsync(first, expectedLatestTurnId: null));
        Assert.True(await Index.TryAppendAsync(second, "turn-1"));

        Assert.Equal([first, second], await Index.ListAsync(conversation));
        Assert.Empty(await Index.ListAsync(NewId()));
    }

    [Fact]
    public async Task TryAppend_RefusesAndWritesNothing_When_TheNewestTurnIsNotTheExpectedOne()
    {
        var conversation = NewId();
        var first = new ConversationTurn(conversation, "turn-1", "alice", "q1", Asked);
        Assert.True(await Index.TryAppendAsync(first, null));

        Assert.False(await Index.TryAppendAsync(first with { TurnId = "turn-x" }, null));
        Assert.False(await Index.TryAppendAsync(first with { TurnId = "turn-y" }, "turn-0"));

        Assert.Equal([first], await Index.ListAsync(conversation));
    }

    [Fact]
    public async Task TryAppend_RecordsExactlyOne_When_TwoQuestionsRaceAfterTheSameTurn()
    {
        var conversation = NewId();
        Assert.True(await Index.TryAppendAsync(new ConversationTurn(conversation, "turn-1", "alice", "q1", Asked), null));

        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Index.TryAppendAsync(new ConversationTurn(conversation, $"turn-r{i}", "alice", $"q{i}", Asked), "turn-1"))));

        Assert.Single(racing, won => won);
        var turns = await Index.ListAsync(conversation);
        Assert.Equal(2, turns.Count);
        Assert.Equal($"turn-r{Array.IndexOf(racing, true)}", turns[1].TurnId);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>The turn index in Table storage, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableTurnIndexTests(AzuriteFixture azurite) : TurnIndexContractCases
{
    protected override ITurnIndex Index { get; } = new TableTurnIndex(azurite.CreateTable());
}

/// <summary>The test host's in-memory turn index, held to the same contract.</summary>
public sealed class InMemoryTurnIndexTests : TurnIndexContractCases
{
    protected override ITurnIndex Index { get; } = new InMemoryTurnIndex();
}
