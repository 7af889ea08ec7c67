using System.Globalization;

namespace PortfolioAdvisor.Recommendations;

/// <summary>Formats figures for rationales, independent of the server's culture.</summary>
internal static class Wording
{
    /// <summary>A decimal fraction as a percentage with one decimal: 0.3031 → "30.3%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Percentage points with a sign: 0.0516 → "+5.2 points".</summary>
    public static string Points(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";

    /// <summary>USD without cents: 1234.5 → "$1,235".</summary>
    public static string Usd(double amount) => amount.ToString("$#,##0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"us_equity" → "US equity".</summary>
    public static string AssetClass(string assetClass) => assetClass switch
    {
        "us_equity" => "US equity",
        "global_equity" => "global equity",
        "intl_equity" => "international equity",
        "real_estate" => "real estate",
        _ => assetClass.Replace('_', ' '),
    };

    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Trades(IReadOnlyList<Trade> trades) =>
        string.Join("; ", trades.Select(t => $"{t.Action} {Number(t.Shares, "0")} {t.Ticker} ({Usd(t.AmountUsd)})"));
}
