using PortfolioAdvisor.Portfolio.Csv;

namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// Reads a JSON body or a brokerage CSV export into a request without checking it against the market data or the
/// catalogues (that is <see cref="AnalysisRequestValidator"/>'s job, and <see cref="PortfolioRequestReader"/> does both
/// in one pass so every error is reported together).
/// </summary>
public static class PortfolioReader
{
    /// <summary>
    /// Reads the contract's JSON body <c>{ holdings: [{ ticker, shares, costBasis? }], persona?, riskProfile?, language? }</c>
    /// (<c>costBasis</c>: total USD of the position). Tickers are returned as written.
    /// </summary>
    /// <exception cref="PortfolioValidationException">
    /// Malformed JSON (key <c>body</c>), or a field of the wrong JSON type or missing (<c>holdings</c>,
    /// <c>holdings[i].ticker</c>, <c>holdings[i].shares</c>, <c>holdings[i].costBasis</c>, <c>persona</c>, …).
    /// </exception>
    public static AnalysisRequest ReadJson(ReadOnlySpan<byte> utf8Json) => ToRequest(JsonPortfolioParser.Parse(utf8Json));

    /// <summary>
    /// Reads a Fidelity, Schwab or Vanguard positions export (layout detected from the header's column names; cost
    /// basis from Fidelity's <c>Cost Basis Total</c> or Schwab's <c>Cost Basis</c>, none from Vanguard). Cash and
    /// money-market lines (<c>SPAXX**</c>, <c>VMFXX</c>, <c>Cash &amp; Cash Investments</c>, <c>Pending Activity</c>,
    /// <c>Account Total</c>) are skipped: they are not funds the market data can price. Options come from the query
    /// string. Tickers are returned as written; duplicates are merged by the validator.
    /// </summary>
    /// <exception cref="PortfolioValidationException">
    /// No header (key <c>header</c>), or bad rows keyed <c>row N.Column</c> (N the file's line number): a missing column,
    /// a non-numeric or empty quantity or cost basis, a malformed quote.
    /// </exception>
    public static AnalysisRequest ReadCsv(string text, string? persona, string? riskProfile, string? language) =>
        ToRequest(BrokerageCsvParser.Parse(text, persona, riskProfile, language));

    private static AnalysisRequest ToRequest(PortfolioDraft draft)
    {
        foreach (var holding in draft.Holdings)
        {
            if (holding.Shares is null && !draft.Errors.Has(holding.Keys.Shares))
            {
                draft.Errors.Add(holding.Keys.Shares, "is required");
            }
        }

        draft.Errors.ThrowIfAny();
        return new AnalysisRequest(
            [.. draft.Holdings.Select(h => new HoldingInput(h.Ticker ?? "", h.Shares!.Value, h.CostBasis))],
            string.IsNullOrWhiteSpace(draft.Persona) ? AnalysisRequest.DefaultPersona : draft.Persona,
            string.IsNullOrWhiteSpace(draft.RiskProfile) ? AnalysisRequest.DefaultRiskProfile : draft.RiskProfile,
            string.IsNullOrWhiteSpace(draft.Language) ? AnalysisRequest.DefaultLanguage : draft.Language);
    }
}
