using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Tests.Orchestration;

/// <summary>Waits on the embedded engine's store, for tests that run the engine in process.</summary>
internal static class OrchestrationStoreWaits
{
    /// <summary>The instance once it has ended (Completed, Failed or Terminated); fails the test past <paramref name="timeout"/>.</summary>
    public static async Task<InstanceRecord> WaitForEndAsync(this OrchestrationStore store, string id, TimeSpan timeout) =>
        (await Eventually.ReachAsync(
            () => Task.FromResult(store.Find(id)),
            instance => instance is not null && RuntimeStatuses.IsTerminal(instance.Status),
            timeout,
            $"Instance {id} did not end within {timeout}."))!;
}
