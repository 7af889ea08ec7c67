using System.Text.RegularExpressions;

namespace PortfolioAdvisor.Portfolio.Csv;

/// <summary>
/// Lines of a positions export that are cash, not holdings, and are skipped: money-market sweep funds (Fidelity marks
/// them with <c>**</c>, e.g. <c>SPAXX**</c>; by the NASDAQ convention every money-market fund's symbol is five letters
/// ending in <c>XX</c>, e.g. <c>VMFXX</c>, <c>SWVXX</c>), the summary rows <c>Pending Activity</c>,
/// <c>Cash &amp; Cash Investments</c> and <c>Account Total</c>, and Schwab's asset type <c>Cash and Money Market</c>.
/// </summary>
internal static partial class CashLines
{
    private static readonly string[] SummaryRows = ["Pending Activity", "Cash & Cash Investments", "Account Total", "Total"];

    public static bool IsCash(string symbol, string? assetType)
    {
        var text = symbol.Trim();
        return text.EndsWith("**", StringComparison.Ordinal)
            || MoneyMarketSymbol().IsMatch(text)
            || SummaryRows.Any(row => row.Equals(text, StringComparison.OrdinalIgnoreCase))
            || (assetType?.Trim().Equals("Cash and Money Market", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    [GeneratedRegex("^[A-Za-z]{3}[Xx]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyMarketSymbol();
}
