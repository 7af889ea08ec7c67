using PortfolioAdvisor.SelfHost.Tests.JavaScript;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>
/// The whole contract suite of <c>tests/js</c>, written for any host, run in its token mode (<c>ADVISOR_BEARER_TOKENS</c>)
/// against the self-host in bearer mode, with two tokens minted against the configured key: a token client can do
/// everything a header client can (runs, SSE, the hub through negotiate) and nothing more (another user's 404s, a
/// silent hub, a connection negotiated as another user).
/// </summary>
public sealed class BearerContractTests(BearerHostFixture fixture, ITestOutputHelper output) : IClassFixture<BearerHostFixture>
{
    [Fact]
    public Task ContractSuite_Passes_With_MintedTokens_Against_BearerMode() =>
        NodeSuite.RunAsync("contract.test.mjs", new Dictionary<string, string>
        {
            ["ADVISOR_BASE_URL"] = fixture.Host.BaseAddress.ToString().TrimEnd('/'),
            ["ADVISOR_BEARER_TOKENS"] = $"{fixture.Tokens.Mint("contract-a-" + Guid.NewGuid().ToString("N"))},{fixture.Tokens.Mint("contract-b-" + Guid.NewGuid().ToString("N"))}",
        }, output);
}
