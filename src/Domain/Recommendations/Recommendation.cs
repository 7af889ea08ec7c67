namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// One deterministic recommendation: a stable <paramref name="Code"/> (e.g. <c>concentration</c>), a
/// <paramref name="Severity"/> (<c>info</c>, <c>warning</c>, <c>high</c>), a <paramref name="Title"/>, the
/// <paramref name="Rationale"/> in words with its figures, the <paramref name="Figures"/> themselves (decimal
/// fractions unless the key says otherwise) and the <paramref name="Trades"/> that would carry it out.
/// </summary>
public sealed record Recommendation(
    string Code,
    string Severity,
    string Title,
    string Rationale,
    IReadOnlyDictionary<string, double> Figures,
    IReadOnlyList<Trade> Trades);

/// <summary>A trade: <paramref name="Action"/> <c>buy</c> or <c>sell</c>, whole <paramref name="Shares"/>, and its value <paramref name="AmountUsd"/> (USD, positive).</summary>
public sealed record Trade(string Ticker, string Action, double Shares, double AmountUsd);
