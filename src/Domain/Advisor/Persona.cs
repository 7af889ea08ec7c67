namespace PortfolioAdvisor.Advisor;

/// <summary>
/// A voice the advisor replies in: its wire <paramref name="Name"/> (the request's <c>persona</c> and the events'
/// <c>agent</c>), a <paramref name="DisplayName"/>, the <paramref name="SystemPrompt"/> that sets its voice, and its style.
/// </summary>
/// <param name="Name">Wire name, lower case (e.g. <c>analyst</c>).</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="SystemPrompt">How the persona speaks (the facts and rules are added by <see cref="AdvisorPrompt"/>).</param>
/// <param name="MultiMessage">True when the reply is several short messages separated by blank lines, each with its own typing indicator.</param>
/// <param name="CharactersPerSecond">Human pace: at most this many characters per second are released; 0 = as fast as the model writes.</param>
/// <param name="PauseBetweenMessages">Typing pause before each message after the first (zero for none).</param>
public sealed record Persona(
    string Name,
    string DisplayName,
    string SystemPrompt,
    bool MultiMessage,
    double CharactersPerSecond,
    TimeSpan PauseBetweenMessages)
{
    /// <summary>True when the persona releases text at a human pace.</summary>
    public bool IsPaced => CharactersPerSecond > 0;
}
