using System.Globalization;

namespace PortfolioAdvisor.Portfolio.Csv;

/// <summary>What a brokerage cell holds when a number is expected.</summary>
internal enum CsvNumberKind
{
    /// <summary>Empty, <c>--</c> or <c>n/a</c>.</summary>
    Empty,

    /// <summary>A number.</summary>
    Number,

    /// <summary>Text that is not a number.</summary>
    Invalid,
}

/// <summary>
/// Reads brokerage money and quantities: <c>$1,234.56</c>, <c>+$9,682.35</c>, <c>-$567.60</c>, <c>$-12.34</c>,
/// accounting negatives <c>($12.34)</c>, plain <c>42.5</c>. Invariant culture; never evaluates a formula.
/// </summary>
internal static class CsvNumber
{
    private const NumberStyles Styles = NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;

    public static CsvNumberKind Parse(string cell, out double value)
    {
        value = 0;
        var text = cell.Trim();
        if (text.Length == 0 || text == "--" || text.Equals("n/a", StringComparison.OrdinalIgnoreCase))
        {
            return CsvNumberKind.Empty;
        }

        var negative = false;
        if (text.Length > 2 && text[0] == '(' && text[^1] == ')')
        {
            negative = true;
            text = text[1..^1];
        }

        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative ^= text[0] == '-';
            text = text[1..];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        if (!negative && text.StartsWith('-'))
        {
            negative = true;
            text = text[1..];
        }

        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) && text[0] != '.'
            || !double.TryParse(text, Styles, CultureInfo.InvariantCulture, out var parsed))
        {
            return CsvNumberKind.Invalid;
        }

        value = negative ? -parsed : parsed;
        return CsvNumberKind.Number;
    }
}
