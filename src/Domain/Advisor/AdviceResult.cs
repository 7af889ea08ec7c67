namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The advisor's reply as saved after the stream: the persona, the model that wrote it (<c>offline</c> for the
/// offline advisor), and its final messages in order. <paramref name="Partial"/> is true when the stream was cut
/// short (the run was terminated) and the messages hold only what had been written.
/// </summary>
public sealed record AdviceResult(string Persona, string Model, IReadOnlyList<string> Messages, bool Partial = false);
