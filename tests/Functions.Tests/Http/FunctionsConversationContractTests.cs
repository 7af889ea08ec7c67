using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.HttpContract;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary>
/// The shared conversation contract cases against the Azure functions, invoked in-process (<see cref="FunctionsHttp"/>)
/// over the real Durable Task engine running the app's own turn orchestrator and activities, with the offline advisor.
/// </summary>
public sealed class FunctionsConversationContractTests(FunctionsDurableHost host) : ConversationContractCases, IClassFixture<FunctionsDurableHost>
{
    protected override Task<ContractResponse> SendAsync(ContractRequest request) => FunctionsHttp.SendAsync(host, request);
}
