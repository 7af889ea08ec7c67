namespace PortfolioAdvisor.Recommendations;

/// <summary>STUB (analytics helper replaces): a risk profile and its target allocation.</summary>
public sealed record RiskProfile(string Name)
{
    /// <summary>The names clients may use: conservative, balanced, growth.</summary>
    public static IReadOnlyList<string> Names { get; } = ["conservative", "balanced", "growth"];

    /// <summary>The profile named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static RiskProfile Get(string name) => throw new NotImplementedException();
}
