namespace PortfolioAdvisor.Portfolio.Csv;

/// <summary>
/// A positions header recognised by its column names (case-insensitive, any order, any other columns):
/// <list type="bullet">
/// <item>Fidelity: <c>Symbol</c>, <c>Quantity</c>, cost from <c>Cost Basis Total</c> (never <c>Average Cost Basis</c>).</item>
/// <item>Schwab: <c>Symbol</c>, <c>Qty (Quantity)</c> or <c>Qty</c>, cost from <c>Cost Basis</c>.</item>
/// <item>Vanguard: <c>Symbol</c>, <c>Shares</c>, no cost.</item>
/// <item>A hand-made sheet: <c>Ticker</c>, <c>Shares</c>, optional <c>Cost Basis</c>/<c>CostBasis</c>.</item>
/// </list>
/// <paramref name="Width"/> counts the header's columns up to the last named one (trailing commas excluded).
/// </summary>
internal sealed record CsvLayout(string Name, string[] Header, int Width, int Symbol, int Quantity, int? CostBasis, int? AssetType)
{
    private static readonly string[] SymbolNames = ["Symbol", "Ticker"];
    private static readonly string[] QuantityNames = ["Quantity", "Qty (Quantity)", "Qty", "Shares"];
    private static readonly string[] CostBasisNames = ["Cost Basis Total", "Cost Basis", "CostBasis"];
    private static readonly string[] AssetTypeNames = ["Asset Type", "Security Type"];
    private static readonly string[] TransactionNames = ["Trade Date", "Transaction Type", "Settlement Date"];

    /// <summary>The layout <paramref name="cells"/> are the header of, or null when they are not a positions header.</summary>
    public static CsvLayout? Detect(string[] cells)
    {
        var header = cells.Select(cell => cell.Trim()).ToArray();
        if (Find(header, TransactionNames) is not null)
        {
            return null;
        }

        var symbol = Find(header, SymbolNames);
        var quantity = Find(header, QuantityNames);
        if (symbol is null || quantity is null)
        {
            return null;
        }

        var width = Array.FindLastIndex(header, cell => cell.Length > 0) + 1;
        var name = header[quantity.Value] switch
        {
            var q when q.StartsWith("Qty", StringComparison.OrdinalIgnoreCase) => "Schwab",
            var q when q.Equals("Shares", StringComparison.OrdinalIgnoreCase) && Find(header, ["Investment Name"]) is not null => "Vanguard",
            var q when q.Equals("Quantity", StringComparison.OrdinalIgnoreCase) && Find(header, ["Account Number"]) is not null => "Fidelity",
            _ => "generic",
        };
        return new CsvLayout(name, header, width, symbol.Value, quantity.Value, Find(header, CostBasisNames), Find(header, AssetTypeNames));
    }

    /// <summary>True when <paramref name="cells"/> head a block of transactions (Vanguard's <c>Trade Date</c>, <c>Transaction Type</c>), not positions.</summary>
    public static bool IsTransactionsHeader(string[] cells) =>
        Find([.. cells.Select(cell => cell.Trim())], TransactionNames) is not null;

    private static int? Find(string[] header, string[] names)
    {
        foreach (var name in names)
        {
            var index = Array.FindIndex(header, cell => cell.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }
        }

        return null;
    }
}
