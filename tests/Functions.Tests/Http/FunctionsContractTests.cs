using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.HttpContract;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary>
/// The shared HTTP contract cases against the Azure functions, invoked in-process (<see cref="FunctionsHttp"/>) over the
/// real Durable Task engine running the app's own orchestrator and activities.
/// </summary>
public sealed class FunctionsContractTests(FunctionsDurableHost host) : HttpContractCases, IClassFixture<FunctionsDurableHost>
{
    protected override string HostName => HealthRoute.Functions;

    protected override Task<ContractResponse> SendAsync(ContractRequest request) => FunctionsHttp.SendAsync(host, request);
}
