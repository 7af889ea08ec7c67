using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The questions the offline advisor understands, parsed strictly (the whole question must be one of these forms;
/// letter case and extra spaces do not matter, a closing <c>?</c>, <c>.</c> or <c>!</c> is allowed):
/// <list type="bullet">
/// <item>"what if I sell|buy N TICKER", several trades joined by "and", commas or ", and" (each may repeat "I"), N a
/// whole or decimal number (thousands separators allowed: 1,000.5), optionally "N shares of TICKER", optionally ending
/// "instead": one <c>what_if</c> call with every trade (sales negative).</item>
/// <item>"tell me (more) about (my) TICKER", several tickers joined likewise: one <c>holding_details</c> call per ticker.</item>
/// </list>
/// A word is taken for a ticker when it is a ticker of the market data (any case) or written in capitals as tickers
/// are ("QQQ"), so "tell me about bonds" or "what if I sell 20 apples" is not a tool question; the tools judge the
/// tickers (a capitalised ticker outside the market data gets the tool's error, with the closest tickers).
/// </summary>
public static partial class OfflineQuestions
{
    private const string Number = @"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+";
    private const string Ticker = @"[A-Za-z][A-Za-z0-9]{0,11}(?:[.\-][A-Za-z0-9]{1,11})?";
    private const string Joiner = @"(?:\s*,\s*(?:and\s+)?|\s+and\s+)";
    private const string Trade = @"(?<verb>sell|buy)\s+(?<n>" + Number + @")\s+(?:shares?\s+(?:of\s+)?)?(?<t>" + Ticker + ")";
    private const string End = @"\s*[?.!]*\s*$";

    /// <summary>
    /// The tool calls <paramref name="question"/> asks for, in order, or an empty list when it is not one of the forms.
    /// </summary>
    /// <param name="question">The user's question, as typed.</param>
    /// <param name="knownTickers">The market data's tickers (words in any case that name one count as tickers).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<PlannedToolCall> Parse(string question, IReadOnlyCollection<string> knownTickers)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(knownTickers);
        if (question.Length > 4000)
        {
            return [];
        }

        var whatIf = WhatIf().Match(question);
        if (whatIf.Success && AllTickers(whatIf.Groups["t"], knownTickers))
        {
            var trades = new List<WhatIfTrade>();
            for (var k = 0; k < whatIf.Groups["t"].Captures.Count; k++)
            {
                var shares = double.Parse(whatIf.Groups["n"].Captures[k].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
                var sells = whatIf.Groups["verb"].Captures[k].Value.Equals("sell", StringComparison.OrdinalIgnoreCase);
                trades.Add(new WhatIfTrade(whatIf.Groups["t"].Captures[k].Value.ToUpperInvariant(), sells && shares != 0 ? -shares : shares));
            }

            return [new PlannedToolCall(WhatIfTool.Name, ToolJson.ToElement(new { trades }))];
        }

        var about = TellMeAbout().Match(question);
        if (about.Success && AllTickers(about.Groups["t"], knownTickers))
        {
            return [.. about.Groups["t"].Captures
                .Select(c => c.Value.ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .Select(ticker => new PlannedToolCall(HoldingDetailsTool.Name, ToolJson.ToElement(new { ticker })))];
        }

        return [];
    }

    private static bool AllTickers(Group tickers, IReadOnlyCollection<string> known)
    {
        foreach (Capture capture in tickers.Captures)
        {
            var word = capture.Value;
            var isKnown = known.Contains(word, StringComparer.OrdinalIgnoreCase);
            var capitalised = word.Any(char.IsAsciiLetterUpper) && !word.Any(char.IsAsciiLetterLower);
            if (!isKnown && !capitalised)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^\s*what\s+if\s+i\s+" + Trade + "(?:" + Joiner + @"(?:i\s+)?" + Trade + @")*(?:\s+instead)?" + End,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WhatIf();

    [GeneratedRegex(@"^\s*tell\s+me\s+(?:more\s+)?about\s+(?:my\s+)?(?<t>" + Ticker + ")(?:" + Joiner + @"(?:my\s+)?(?<t>" + Ticker + "))*" + End,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TellMeAbout();
}

/// <summary>A tool call the offline advisor plans from a question: the tool's <paramref name="Name"/> and its
/// <paramref name="Arguments"/> (a JSON object, as the model would send them).</summary>
public sealed record PlannedToolCall(string Name, JsonElement Arguments);
