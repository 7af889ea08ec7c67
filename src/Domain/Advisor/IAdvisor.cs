using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Writes the persona's reply to an analysis and streams it as <c>typing</c>, <c>token</c> and <c>message</c> events
/// through the run's event writer.
/// </summary>
public interface IAdvisor
{
    /// <summary>Writes and streams the reply for <paramref name="input"/>; returns it as saved in the output.</summary>
    /// <exception cref="Streaming.RunClosedException">The run ended (terminated) while the reply was streaming.</exception>
    Task<AdviceResult> WriteReplyAsync(AdvisorInput input, CancellationToken cancellationToken = default);
}
