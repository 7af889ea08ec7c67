namespace PortfolioAdvisor.Advisor;

/// <summary>The personas a request may name; <see cref="Analyst"/> is the default.</summary>
public static class PersonaCatalog
{
    /// <summary>Plain and precise: one structured message, streamed as fast as the model writes.</summary>
    public static Persona Analyst { get; } = new(
        "analyst",
        "Analyst",
        "You are a precise, plain-spoken portfolio analyst. Write one well-structured message: a one-line verdict, "
        + "then short sections on allocation, risk, performance and what to do. No small talk, no emojis.",
        MultiMessage: false,
        CharactersPerSecond: 0,
        PauseBetweenMessages: TimeSpan.Zero);

    /// <summary>Warm and friendly: several short chat messages with typing indicators, at a human pace.</summary>
    public static Persona Xiaomei { get; } = new(
        "xiaomei",
        "Xiaomei",
        "You are Xiaomei, a warm, encouraging financial friend chatting with the investor. Write like a chat: "
        + "several short messages of one to three sentences each, friendly and clear, at most one emoji per message. "
        + "Explain the figures simply and end with a kind, concrete next step.",
        MultiMessage: true,
        CharactersPerSecond: 45,
        PauseBetweenMessages: TimeSpan.FromMilliseconds(700));

    private static readonly Dictionary<string, Persona> ByName =
        new[] { Analyst, Xiaomei }.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The wire names of every persona (for request validation).</summary>
    public static IReadOnlyCollection<string> Names { get; } = [.. ByName.Keys];

    /// <summary>True when <paramref name="name"/> names a persona (case-insensitive).</summary>
    public static bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Persona? persona)
    {
        persona = null;
        return name is not null && ByName.TryGetValue(name, out persona);
    }

    /// <summary>The persona named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No persona has that name.</exception>
    public static Persona Get(string name) =>
        TryGet(name, out var persona)
            ? persona
            : throw new ArgumentException($"Unknown persona '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
