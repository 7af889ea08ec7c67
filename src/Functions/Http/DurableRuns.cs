using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>Makes the <see cref="DurableAnalysisRuns"/> of an invocation: the Durable client is bound per call, the rest are singletons.</summary>
public sealed class DurableRuns(IRunRegistry registry, IRunEventLog log, TerminatedRunOutput terminated, IChatModel model)
{
    /// <summary>The runs as seen through <paramref name="client"/>.</summary>
    public DurableAnalysisRuns For(DurableTaskClient client) => new(client, registry, log, terminated, model);
}
