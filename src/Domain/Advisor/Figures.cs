using System.Globalization;

namespace PortfolioAdvisor.Advisor;

/// <summary>How the advisor writes figures: percentages with one decimal, USD with thousands separators, invariant culture.</summary>
internal static class Figures
{
    /// <summary>A decimal fraction as a percentage, e.g. 0.153 → "15.3%".</summary>
    public static string Pct(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A signed decimal fraction as a percentage, e.g. 0.153 → "+15.3%".</summary>
    public static string SignedPct(double fraction) => (fraction >= 0 ? "+" : "") + Pct(fraction);

    /// <summary>A nullable fraction as a signed percentage, or "n/a".</summary>
    public static string SignedPct(double? fraction) => fraction is { } f ? SignedPct(f) : "n/a";

    /// <summary>USD without cents, e.g. "$12,345".</summary>
    public static string Usd(double amount) => amount.ToString("$#,##0", CultureInfo.InvariantCulture);

    /// <summary>A ratio with two decimals, e.g. "0.85".</summary>
    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A share count without trailing zeros.</summary>
    public static string Shares(double shares) => shares.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>An ISO date.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
