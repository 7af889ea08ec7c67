using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.JavaScript;

/// <summary>
/// A second self-host whose offline advisor writes slowly (30 tokens a second), so an answer is still streaming when a
/// test presses Stop (<c>ADVISOR_SLOW_BASE_URL</c> of <c>tests/js/conversation.e2e.test.mjs</c>).
/// </summary>
public sealed class SlowAdvisorFixture : IDisposable
{
    public SelfHostFactory Factory { get; } = new(new Dictionary<string, string?> { ["Advisor:OfflineTokensPerSecond"] = "30" });

    public void Dispose() => Factory.Dispose();
}
