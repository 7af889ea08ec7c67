namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// Where a holding's fields came from, as the error keys name them: <c>holdings[2].shares</c> for JSON,
/// <c>row 4.Quantity</c> for a CSV row (the file's line number and the header's column name).
/// </summary>
internal sealed record HoldingFieldKeys(string Ticker, string Shares, string CostBasis)
{
    public static HoldingFieldKeys ForIndex(int index) =>
        new($"holdings[{index}].ticker", $"holdings[{index}].shares", $"holdings[{index}].costBasis");
}

/// <summary>
/// One position as read, before validation: a null <paramref name="Shares"/> means the reader already reported why.
/// </summary>
internal sealed record DraftHolding(string? Ticker, double? Shares, double? CostBasis, HoldingFieldKeys Keys);

/// <summary>
/// A request as read from any content type, with the reading errors collected so far; the validator adds its own and
/// throws once with all of them. <paramref name="NoHoldingsReason"/> explains an empty list in the source's terms.
/// </summary>
internal sealed record PortfolioDraft(
    IReadOnlyList<DraftHolding> Holdings,
    string? Persona,
    string? RiskProfile,
    string? Language,
    ValidationErrors Errors,
    string NoHoldingsReason = "at least one holding is required");
