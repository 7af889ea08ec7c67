using System.Text.Json;
using PortfolioAdvisor.Advisor;
using static PortfolioAdvisor.Conversations.ToolResultReader;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// Writes the offline advisor's answer to a <c>what_if</c> result: the figures before → after (the result's
/// <c>before</c> and its own), as the analysis' offline reply writes them (<see cref="Figures"/>: per cent with one
/// decimal, ratios with two, USD without cents).
/// </summary>
internal static class OfflineWhatIfWriter
{
    public static List<string> Write(JsonElement arguments, JsonElement result, Persona persona)
    {
        var trades = Describe(arguments);
        var before = At(result, "before");
        var asOf = Text(result, "asOf");
        var value = Arrow(Number(before, "totalValue"), Number(result, "totalValue"), Figures.Usd);
        var largestBefore = Largest(At(before, "risk", "contributions"));
        var largestAfter = Largest(At(result, "holdings"));
        var volatility = Arrow(Number(before, "risk", "annualizedVolatility"), Number(result, "risk", "annualizedVolatility"), Figures.Pct);
        var drawdown = Arrow(Number(before, "risk", "maxDrawdown"), Number(result, "risk", "maxDrawdown"), Figures.Pct);
        var valueAtRisk = Arrow(Number(before, "risk", "valueAtRisk95"), Number(result, "risk", "valueAtRisk95"), Figures.Pct);
        var tail = Arrow(Number(before, "risk", "conditionalValueAtRisk95"), Number(result, "risk", "conditionalValueAtRisk95"), Figures.Pct);
        var beta = Arrow(Number(before, "risk", "beta"), Number(result, "risk", "beta"), Figures.Ratio);
        var sharpe = Arrow(Number(before, "risk", "sharpeRatio"), Number(result, "risk", "sharpeRatio"), Figures.Ratio);
        var herfindahl = Arrow(Number(before, "risk", "herfindahlIndex"), Number(result, "risk", "herfindahlIndex"), Figures.Ratio);
        var oneYear = ReturnArrow(before, result, "totalReturn1Y");
        var threeYear = ReturnArrow(before, result, "totalReturn3Y");
        var sinceStart = ReturnArrow(before, result, "totalReturnSinceStart");
        var start = Text(result, "performance", "startDate");
        var days = Number(result, "risk", "lookbackDays");
        var benchmark = Text(result, "risk", "benchmark") ?? "the benchmark";
        var largest = $"{Weight(largestBefore)} → {Weight(largestAfter)}";
        var money = MoneyNote(Number(before, "totalValue"), Number(result, "totalValue"));

        if (persona.MultiMessage)
        {
            return
            [
                $"I ran the numbers: what if you {trades}? 😊 (as of {asOf})",
                $"Its value: {value}{money}. Your biggest holding would be {Weight(largestAfter)} (today it's {Weight(largestBefore)}).",
                $"Its swings would be about {volatility} a year. The deepest fall from a peak: {drawdown}, and on a bad day (1 in 20) it could lose around {valueAtRisk}. Sharpe ratio: {sharpe}.",
                $"Over the past year it would have returned {oneYear} (3 years: {threeYear}).",
                "Want me to try another mix? Just ask \"what if I sell … and buy …\" 🌸",
            ];
        }

        return
        [
            string.Join('\n',
                $"What if you {trades} (as of {asOf}): value {value}{money}.",
                $"Allocation: {Count(At(before, "risk", "contributions"))} → {Count(At(result, "holdings"))} holdings; largest holding {largest}; Herfindahl index {herfindahl}.",
                $"Risk ({days:0} trading days): annualized volatility {volatility}, maximum drawdown {drawdown}, one-day 95% value at risk {valueAtRisk} (conditional {tail}), beta {beta} vs {benchmark}, Sharpe ratio {sharpe}.",
                $"Performance: 1-year {oneYear}; 3-year {threeYear}; since {start} {sinceStart}.",
                $"After the trades: {Positions(At(result, "holdings"))}."),
        ];
    }

    /// <summary>"sell 20 VTI and buy 15 BND", from the call's arguments.</summary>
    public static string Describe(JsonElement arguments)
    {
        var trades = At(arguments, "trades");
        var parts = new List<string>();
        if (trades.ValueKind == JsonValueKind.Array)
        {
            foreach (var trade in trades.EnumerateArray())
            {
                if (Text(trade, "ticker") is { } ticker && Number(trade, "shares") is { } shares)
                {
                    parts.Add($"{(shares < 0 ? "sell" : "buy")} {Figures.Shares(Math.Abs(shares))} {ticker.ToUpperInvariant()}");
                }
            }
        }

        return parts.Count switch
        {
            0 => "make these trades",
            1 => parts[0],
            _ => string.Join(", ", parts[..^1]) + " and " + parts[^1],
        };
    }

    private static string Arrow(double? before, double? after, Func<double, string> format) =>
        (before, after) switch
        {
            ({ } b, { } a) => $"{format(b)} → {format(a)}",
            (null, { } a) => format(a),
            _ => "n/a",
        };

    private static string ReturnArrow(JsonElement before, JsonElement result, string member)
    {
        var b = At(before, "performance", member);
        var a = At(result, "performance", member);
        return b.ValueKind == JsonValueKind.Undefined
            ? Figures.SignedPct(Number(a))
            : $"{Figures.SignedPct(Number(b))} → {Figures.SignedPct(Number(a))}";
    }

    private static string Weight((string Ticker, double Weight)? largest) =>
        largest is { } l ? $"{l.Ticker} {Figures.Pct(l.Weight)}" : "n/a";

    private static string MoneyNote(double? before, double? after)
    {
        if (before is not { } b || after is not { } a || Math.Abs(a - b) < 1)
        {
            return "";
        }

        return a < b
            ? $" (the trades take {Figures.Usd(b - a)} out: a sale's proceeds are not reinvested unless you buy with them)"
            : $" (the trades add {Figures.Usd(a - b)} of new money)";
    }

    private static string Positions(JsonElement holdings)
    {
        var parts = new List<string>();
        if (holdings.ValueKind == JsonValueKind.Array)
        {
            foreach (var holding in holdings.EnumerateArray())
            {
                parts.Add($"{Text(holding, "ticker")} {Figures.Shares(Number(holding, "shares") ?? 0)} ({Figures.Pct(Number(holding, "weight") ?? 0)})");
            }
        }

        return string.Join(", ", parts);
    }
}
