using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

/// <summary>The shared conversation contract cases against the self-host on Kestrel (loopback), with the offline advisor.</summary>
public sealed class SelfHostConversationContractTests(SelfHostFixture host) : ConversationContractCases, IClassFixture<SelfHostFixture>
{
    protected override Task<ContractResponse> SendAsync(ContractRequest request) => SelfHostContractTests.SendAsync(host.Factory, request);
}
