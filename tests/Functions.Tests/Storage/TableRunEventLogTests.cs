using Azure.Data.Tables;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Testing.Streaming;

namespace PortfolioAdvisor.Functions.Tests.Storage;

/// <summary>The Table storage event log against the same event-log contract as SQLite, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRunEventLogTests(AzuriteFixture azurite) : RunEventLogContract
{
    private readonly TableClient table = azurite.CreateTable();

    protected override IRunEventLog CreateLog(TimeProvider clock) => new TableRunEventLog(table, clock);
}
