using Azure;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Storage;

/// <summary>The run registry kept in the Table event log's head entities, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRunRegistryTests(AzuriteFixture azurite)
{
    private readonly TableRunEventLog log = new(azurite.CreateTable(), TimeProvider.System);

    [Fact]
    public async Task Find_ReturnsTheOwner_When_TheRunIsRegistered()
    {
        var run = NewRunId();
        await log.RegisterAsync(run, "user-a");

        Assert.Equal(new RunRecord(run, "user-a", Terminal: false), await log.FindAsync(run));
    }

    [Fact]
    public async Task Find_ReturnsNull_When_TheRunIsUnknown() =>
        Assert.Null(await log.FindAsync(NewRunId()));

    [Fact]
    public async Task Find_SaysTerminal_OnceTheLogHoldsTheTerminalEvent_AndKeepsTheOwner()
    {
        var run = NewRunId();
        await log.RegisterAsync(run, "user-a");
        var appended = await log.AppendAsync(run, [new EventDraft(new TokenStreamed("analyst", "m1", "x") { RunId = run })]);
        Assert.Equal(new RunRecord(run, "user-a", Terminal: false), await log.FindAsync(run));

        await log.AppendAsync(run, [new EventDraft(new RunTerminated("stopped") { RunId = run }, EventTypes.RunTerminated)]);

        Assert.Equal(1, Assert.Single(appended).Seq);
        Assert.Equal(new RunRecord(run, "user-a", Terminal: true), await log.FindAsync(run));
    }

    [Fact]
    public async Task Register_IsRefused_When_TheRunIsAlreadyRegistered_AndKeepsTheFirstOwner()
    {
        var run = NewRunId();
        await log.RegisterAsync(run, "user-a");

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => log.RegisterAsync(run, "user-b"));

        Assert.Equal(409, refused.Status);
        Assert.Equal("user-a", (await log.FindAsync(run))!.OwnerId);
    }

    private static string NewRunId() => $"run-{Guid.NewGuid():N}";
}
