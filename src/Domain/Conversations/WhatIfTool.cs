using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The <c>what_if</c> tool: the analysed portfolio after a list of trades, priced on the analysis' as-of and analysed by
/// the same code as the analysis (<see cref="PortfolioPricer"/>, <see cref="RiskCalculator"/>,
/// <see cref="PerformanceCalculator"/>), so its figures equal those of an analysis of the post-trade portfolio.
/// A trade buys (shares &gt; 0) or sells (shares &lt; 0); trades of one ticker are netted; a position sold to zero leaves
/// the portfolio and a fund bought that was not held joins it. There is no cash position: a sale's proceeds leave the
/// portfolio and a purchase is new money, so to move money between funds pair a sale with a purchase.
/// </summary>
public sealed class WhatIfTool
{
    /// <summary>The tool's name: <c>what_if</c>.</summary>
    public const string Name = "what_if";

    /// <summary>The description the model reads.</summary>
    public const string Description =
        "Recomputes the analysed portfolio's risk and performance after hypothetical trades, as of the analysis' date and "
        + "with the analysis' own definitions. Each trade is a ticker and a number of shares: positive buys, negative sells "
        + "(selling more than is held is an error). A position sold to zero leaves the portfolio; a fund not held joins it. "
        + "Sale proceeds are not reinvested: to switch between funds, sell one and buy the other. The result has the "
        + "post-trade holdings (ticker, shares, weight), totalValue (USD), risk and performance (decimal fractions, same "
        + "members as the analysis), and before: the analysis' own figures for comparison.";

    private const double SoldOutTolerance = 1e-9;

    private readonly MarketDataSet market;

    /// <summary>Creates the tool over the market data the analysis used.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="market"/> is null.</exception>
    public WhatIfTool(MarketDataSet market)
    {
        ArgumentNullException.ThrowIfNull(market);
        this.market = market;
        Declaration = AIFunctionFactory.CreateDeclaration(Name, Description, Schema(market.Tickers));
    }

    /// <summary>The declaration offered to the model: arguments <c>{ "trades": [ { "ticker", "shares" } ] }</c>, a strict
    /// schema (every member required, no others; tickers limited to the market data's).</summary>
    public AIFunctionDeclaration Declaration { get; }

    /// <summary>
    /// Applies the trades in <paramref name="arguments"/> to <paramref name="analysis"/>' holdings and analyses the result.
    /// </summary>
    /// <returns>A <see cref="WhatIfResult"/> as JSON, or a failure naming every problem: malformed arguments, no trades,
    /// a ticker that is malformed or not in the market data (with the closest tickers), shares that are zero, not finite
    /// or above 1e9, selling more than is held or a fund not held, nothing left after the trades, a bought fund without a
    /// price on as-of, or too little common history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="analysis"/> is null.</exception>
    public ToolOutcome Invoke(JsonElement arguments, AnalysisOutput analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var problems = new List<string>();
        var trades = ReadTrades(arguments, problems);
        if (problems.Count > 0)
        {
            return Fail(problems);
        }

        var after = Apply(analysis.Holdings, trades, problems);
        if (problems.Count > 0)
        {
            return Fail(problems);
        }

        if (after.Count == 0)
        {
            return ToolOutcome.Failure("The trades sell every holding, so nothing is left to analyse.");
        }

        try
        {
            var priced = PortfolioPricer.Price(after, market, analysis.AsOf);
            var risk = RiskCalculator.Compute(priced, market);
            var performance = PerformanceCalculator.Compute(priced, market);
            var result = new WhatIfResult(
                priced.AsOf,
                [.. priced.Holdings.Select(h => new WhatIfHolding(h.Ticker, h.Shares, h.Weight))],
                priced.TotalValue,
                risk,
                performance.WithoutDrawdownCurve(),
                new WhatIfBaseline(
                    analysis.TotalValue,
                    analysis.Risk with { Correlations = null },
                    analysis.Performance.WithoutDrawdownCurve() with { CalendarYears = null }));
            return ToolOutcome.Success(ToolJson.ToElementWithout(
                result, "performance.drawdownCurve", "before.risk.correlations", "before.performance.calendarYears", "before.performance.drawdownCurve"));
        }
        catch (PortfolioValidationException ex)
        {
            return Fail([.. ex.Errors.Values.SelectMany(reasons => reasons)]);
        }
        catch (InsufficientHistoryException ex)
        {
            return ToolOutcome.Failure($"After the trades the funds share only {ex.Days} daily returns up to {analysis.AsOf:yyyy-MM-dd}; at least {InsufficientHistoryException.MinimumDays} are needed.");
        }
    }

    private List<WhatIfTrade> ReadTrades(JsonElement arguments, List<string> problems)
    {
        var trades = new List<WhatIfTrade>();
        if (ToolArguments.NotAnObject(arguments) is { } notObject)
        {
            problems.Add(notObject);
            return trades;
        }

        if (!ToolArguments.TryGet(arguments, "trades", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            problems.Add("No trades: give \"trades\", a list of { \"ticker\", \"shares\" }.");
            return trades;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"\"trades\" must be an array, not {ToolArguments.Kind(array)}.");
            return trades;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (ReadTrade(item, $"trades[{index++}]", problems) is { } trade)
            {
                trades.Add(trade);
            }
        }

        if (index == 0)
        {
            problems.Add("No trades: the list is empty; give at least one { \"ticker\", \"shares\" }.");
        }

        return trades;
    }

    private WhatIfTrade? ReadTrade(JsonElement item, string key, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{key} must be an object {{ \"ticker\", \"shares\" }}, not {ToolArguments.Kind(item)}.");
            return null;
        }

        var ticker = ReadTicker(item, key, problems);
        var shares = ReadShares(item, key, problems);
        return ticker is not null && shares is not null ? new WhatIfTrade(ticker, shares.Value) : null;
    }

    private string? ReadTicker(JsonElement item, string key, List<string> problems)
    {
        if (!ToolArguments.TryGet(item, "ticker", out var value) || value.ValueKind != JsonValueKind.String)
        {
            problems.Add(value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? $"{key}.ticker is required."
                : $"{key}.ticker must be a string, not {ToolArguments.Kind(value)}.");
            return null;
        }

        var ticker = TickerRules.Normalize(value.GetString()!);
        if (TickerRules.FormatProblem(ticker) is { } problem)
        {
            problems.Add($"{key}.ticker {problem}.");
            return null;
        }

        if (market.Contains(ticker))
        {
            return ticker;
        }

        var suggestions = TickerRules.Suggest(ticker, market.Tickers);
        problems.Add(suggestions.Count == 0
            ? $"{ticker} is not in the market data."
            : $"{ticker} is not in the market data → did you mean {string.Join(" or ", suggestions)}?");
        return null;
    }

    private static double? ReadShares(JsonElement item, string key, List<string> problems)
    {
        if (!ToolArguments.TryGet(item, "shares", out var value) || value.ValueKind != JsonValueKind.Number)
        {
            problems.Add(value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? $"{key}.shares is required."
                : $"{key}.shares must be a number, not {ToolArguments.Kind(value)}.");
            return null;
        }

        // A literal such as 1e999 overflows to infinity: named "not finite" below.
        var shares = value.TryGetDouble(out var number) ? number : double.PositiveInfinity;
        var problem = shares switch
        {
            _ when !double.IsFinite(shares) => "must be a finite number",
            _ when shares == 0 => "must not be zero (positive buys, negative sells)",
            _ when Math.Abs(shares) > AnalysisRequestValidator.MaxShares => $"is absurd: more than {AnalysisRequestValidator.MaxShares:0e0} shares (got {Show(shares)})",
            _ => null,
        };
        if (problem is null)
        {
            return shares;
        }

        problems.Add($"{key}.shares {problem}.");
        return null;
    }

    private static List<HoldingInput> Apply(IReadOnlyList<Holding> holdings, List<WhatIfTrade> trades, List<string> problems)
    {
        var positions = new List<(string Ticker, double Held, double Change)>();
        foreach (var holding in holdings)
        {
            positions.Add((holding.Ticker, holding.Shares, 0));
        }

        foreach (var trade in trades)
        {
            var index = positions.FindIndex(p => string.Equals(p.Ticker, trade.Ticker, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                positions.Add((trade.Ticker, 0, trade.Shares));
            }
            else
            {
                positions[index] = positions[index] with { Change = positions[index].Change + trade.Shares };
            }
        }

        var after = new List<HoldingInput>();
        foreach (var (ticker, held, change) in positions)
        {
            var shares = held + change;
            if (Math.Abs(shares) <= SoldOutTolerance * Math.Max(1, held))
            {
                continue;
            }

            if (shares < 0)
            {
                problems.Add(held == 0
                    ? $"Cannot sell {Show(-change)} {ticker}: the portfolio holds none."
                    : $"Cannot sell {Show(-change)} {ticker}: the portfolio holds only {Show(held)}.");
            }
            else if (shares > AnalysisRequestValidator.MaxShares)
            {
                problems.Add($"{ticker} would hold {Show(shares)} shares, more than {AnalysisRequestValidator.MaxShares:0e0}.");
            }
            else
            {
                after.Add(new HoldingInput(ticker, shares));
            }
        }

        return after;
    }

    private static ToolOutcome Fail(IReadOnlyCollection<string> problems) =>
        ToolOutcome.Failure(string.Join(" ", problems));

    private static string Show(double shares) => shares.ToString("0.######", CultureInfo.InvariantCulture);

    private static JsonElement Schema(IEnumerable<string> tickers) => ToolJson.ToElement(new Dictionary<string, object>
    {
        ["type"] = "object",
        ["properties"] = new Dictionary<string, object>
        {
            ["trades"] = new Dictionary<string, object>
            {
                ["type"] = "array",
                ["description"] = "The trades, applied together to the analysed portfolio; at least one.",
                ["items"] = new Dictionary<string, object>
                {
                    ["type"] = "object",
                    ["properties"] = new Dictionary<string, object>
                    {
                        ["ticker"] = new Dictionary<string, object>
                        {
                            ["type"] = "string",
                            ["description"] = "The fund's ticker, one of the market data's.",
                            ["enum"] = tickers.ToArray(),
                        },
                        ["shares"] = new Dictionary<string, object>
                        {
                            ["type"] = "number",
                            ["description"] = "Shares to trade: positive buys, negative sells; not zero.",
                        },
                    },
                    ["required"] = new[] { "ticker", "shares" },
                    ["additionalProperties"] = false,
                },
            },
        },
        ["required"] = new[] { "trades" },
        ["additionalProperties"] = false,
    });
}
