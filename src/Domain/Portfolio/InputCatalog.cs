namespace PortfolioAdvisor.Portfolio;

/// <summary>The names a request may use: the market data's tickers, the personas and the risk profiles.</summary>
internal sealed class InputCatalog
{
    public InputCatalog(IReadOnlyCollection<string> tickers, IReadOnlyCollection<string> personas, IReadOnlyCollection<string> riskProfiles)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        ArgumentNullException.ThrowIfNull(personas);
        ArgumentNullException.ThrowIfNull(riskProfiles);
        Tickers = tickers.Select(TickerRules.Normalize).ToHashSet(StringComparer.Ordinal);
        Personas = [.. personas];
        RiskProfiles = [.. riskProfiles];
    }

    public HashSet<string> Tickers { get; }

    public IReadOnlyList<string> Personas { get; }

    public IReadOnlyList<string> RiskProfiles { get; }
}
