using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Tests.Orchestration;

/// <summary>Waits on the embedded engine's store, for tests that run the engine in process.</summary>
internal static class OrchestrationStoreWaits
{
    /// <summary>The instance once it has ended (Completed, Failed or Terminated).</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>.</exception>
    public static async Task<InstanceRecord> WaitForEndAsync(this OrchestrationStore store, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (store.Find(id) is { } instance && RuntimeStatuses.IsTerminal(instance.Status))
            {
                return instance;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Instance {id} did not end within {timeout}.");
    }
}
