namespace PortfolioAdvisor.Conversations;

/// <summary>
/// A question to the advisor (<c>POST /api/analyses/{id}/messages</c>, contract 1.1): its <paramref name="Content"/>
/// (1 to 4,000 characters), and optionally a <paramref name="Persona"/> and a <paramref name="Language"/> (a BCP 47
/// tag); null ones default to the analysis' (the turn's orchestration resolves them).
/// </summary>
public sealed record TurnRequest(string Content, string? Persona = null, string? Language = null);
