using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Testing.Streaming;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Streaming;

/// <summary>The fake the Domain tests run on keeps the same event-log contract as the real logs.</summary>
public sealed class InMemoryRunEventLogTests : RunEventLogContract
{
    protected override IRunEventLog CreateLog(TimeProvider clock) => new InMemoryRunEventLog(clock);
}
