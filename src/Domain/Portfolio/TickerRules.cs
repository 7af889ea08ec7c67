using System.Globalization;
using System.Text;

namespace PortfolioAdvisor.Portfolio;

/// <summary>How a ticker is normalized, what a well-formed one looks like, and which known ticker a typo was meant to be.</summary>
internal static class TickerRules
{
    private const int MaxLength = 12;
    private const int MaxShown = 24;

    /// <summary>Trimmed and upper-cased (invariant culture).</summary>
    public static string Normalize(string ticker) => ticker.Trim().ToUpperInvariant();

    /// <summary>
    /// Why <paramref name="ticker"/> (already normalized) cannot be a ticker, or null when it is well formed:
    /// 1–12 ASCII letters or digits, with <c>.</c> or <c>-</c> inside (share classes such as <c>BRK.B</c>).
    /// </summary>
    public static string? FormatProblem(string ticker)
    {
        if (ticker.Length == 0)
        {
            return "is empty";
        }

        // A CSV cell such as =HYPERLINK(...) is only ever text here; saying so is clearer than "bad character".
        if (ticker[0] is '=' or '+' or '@')
        {
            return $"{Show(ticker)} looks like a spreadsheet formula; it is read as text and is not a ticker";
        }

        if (ticker.Length > MaxLength)
        {
            return $"{Show(ticker)} is longer than {MaxLength} characters";
        }

        foreach (var c in ticker)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-'))
            {
                return $"{Show(ticker)} contains {Describe(c)}; a ticker is ASCII letters and digits";
            }
        }

        return ticker[0] is '.' or '-' || ticker[^1] is '.' or '-'
            ? $"{Show(ticker)} must start and end with a letter or digit"
            : null;
    }

    /// <summary>The known tickers closest to <paramref name="ticker"/> (at most three, closest first), or none.</summary>
    public static IReadOnlyList<string> Suggest(string ticker, IEnumerable<string> known)
    {
        var limit = ticker.Length <= 4 ? 1 : 2;
        var scored = known
            .Select(candidate => (candidate, distance: EditDistance.Between(ticker, candidate)))
            .Where(pair => pair.distance <= limit)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(pair => pair.distance);
        return scored.Where(pair => pair.distance == best)
            .Select(pair => pair.candidate)
            .Order(StringComparer.Ordinal)
            .Take(3)
            .ToList();
    }

    /// <summary>The text as it may be echoed in an error: control and format characters escaped, long text cut.</summary>
    public static string Show(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append(text.Length > MaxShown ? "…'" : "'").ToString();
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
            ? string.Create(CultureInfo.InvariantCulture, $"the control character U+{(int)c:X4}")
            : c <= 0x7F
                ? $"'{c}'"
                : string.Create(CultureInfo.InvariantCulture, $"the non-ASCII character U+{(int)c:X4}");
}
