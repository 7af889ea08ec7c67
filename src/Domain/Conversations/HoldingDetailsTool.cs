using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The <c>holding_details</c> tool: one holding of the analysed portfolio, its position, and that fund alone over the
/// analysis' windows (the risk window and the last 252 daily returns of the portfolio's common history ending on as-of),
/// with its share of the portfolio's risk.
/// </summary>
public sealed class HoldingDetailsTool
{
    /// <summary>The tool's name: <c>holding_details</c>.</summary>
    public const string Name = "holding_details";

    /// <summary>The description the model reads.</summary>
    public const string Description =
        "Details of one holding of the analysed portfolio, as of the analysis' date: name, asset class, shares, price (USD), "
        + "marketValue (USD), weight, the fund's own annualizedVolatility over the analysis' risk window and totalReturn1Y, "
        + "and contributionToRisk, its share of the portfolio's variance (the shares of all holdings sum to 1; a share "
        + "above the weight means the fund adds more risk than its size). Decimal fractions, e.g. 0.153 for 15.3%.";

    private readonly MarketDataSet market;

    /// <summary>Creates the tool over the market data the analysis used.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="market"/> is null.</exception>
    public HoldingDetailsTool(MarketDataSet market)
    {
        ArgumentNullException.ThrowIfNull(market);
        this.market = market;
        Declaration = AIFunctionFactory.CreateDeclaration(Name, Description, ToolJson.ToElement(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object>
            {
                ["ticker"] = new Dictionary<string, object>
                {
                    ["type"] = "string",
                    ["description"] = "The ticker of a holding of the analysed portfolio.",
                    ["enum"] = market.Tickers.ToArray(),
                },
            },
            ["required"] = new[] { "ticker" },
            ["additionalProperties"] = false,
        }));
    }

    /// <summary>The declaration offered to the model: arguments <c>{ "ticker" }</c>, a strict schema.</summary>
    public AIFunctionDeclaration Declaration { get; }

    /// <summary>
    /// The details of the holding named in <paramref name="arguments"/>. Volatility = sample standard deviation (n−1) of
    /// the fund's daily returns over the analysis' risk window × √252; 1-year return = Π(1 + r) − 1 over its last 252
    /// daily returns (null with less history); contribution to risk = wᵢ·(Σw)ᵢ ÷ (wᵀΣw), Σ the sample covariance matrix
    /// of the holdings' daily returns over the risk window, which is <see cref="VarianceContribution.ShareOfVariance"/>
    /// as the risk node computes it.
    /// </summary>
    /// <returns>A <see cref="HoldingDetails"/> as JSON, or a failure: malformed arguments or a ticker that is not a
    /// holding (with the closest holdings).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="analysis"/> is null.</exception>
    public ToolOutcome Invoke(JsonElement arguments, AnalysisOutput analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (ToolArguments.NotAnObject(arguments) is { } notObject)
        {
            return ToolOutcome.Failure(notObject);
        }

        if (!ToolArguments.TryGet(arguments, "ticker", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return ToolOutcome.Failure(value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? "\"ticker\" is required."
                : $"\"ticker\" must be a string, not {ToolArguments.Kind(value)}.");
        }

        var ticker = TickerRules.Normalize(value.GetString()!);
        if (TickerRules.FormatProblem(ticker) is { } problem)
        {
            return ToolOutcome.Failure($"The ticker {problem}.");
        }

        var holdings = analysis.Holdings;
        var index = -1;
        for (var i = 0; i < holdings.Count; i++)
        {
            if (string.Equals(holdings[i].Ticker, ticker, StringComparison.OrdinalIgnoreCase))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return ToolOutcome.Failure(NotHeld(ticker, holdings));
        }

        var portfolio = new PricedPortfolio(analysis.AsOf, analysis.BaseCurrency, analysis.TotalValue, holdings);
        try
        {
            var history = ReturnHistory.Build(portfolio, market);
            var days = Math.Min(RiskCalculator.RiskWindowDays, history.Count);
            var returns = history.Assets[index];
            var contributions = RiskCalculator.Compute(portfolio, market).Contributions!;
            var holding = holdings[index];
            return ToolOutcome.Success(ToolJson.ToElement(new HoldingDetails(
                holding.Ticker,
                holding.Name,
                holding.AssetClass,
                holding.Shares,
                holding.Price,
                holding.MarketValue,
                holding.Weight,
                Math.Sqrt(Statistics.SampleVariance(ReturnHistory.Last(returns, days))) * Statistics.SqrtTradingDays,
                returns.Length >= PerformanceCalculator.OneYearDays
                    ? Statistics.Compound(ReturnHistory.Last(returns, PerformanceCalculator.OneYearDays))
                    : null,
                contributions[index].ShareOfVariance)));
        }
        catch (InsufficientHistoryException ex)
        {
            return ToolOutcome.Failure($"The holdings share only {ex.Days} daily returns up to {analysis.AsOf:yyyy-MM-dd}; at least {InsufficientHistoryException.MinimumDays} are needed.");
        }
    }

    private string NotHeld(string ticker, IReadOnlyList<Holding> holdings)
    {
        var held = holdings.Select(h => h.Ticker).ToList();
        var suggestions = TickerRules.Suggest(ticker, held);
        var where = market.Contains(ticker) ? "is in the market data but not a holding of this portfolio" : "is not in the market data";
        var hint = suggestions.Count > 0 ? $" → did you mean {string.Join(" or ", suggestions)}?" : "";
        return $"{ticker} {where}{hint} The holdings are {string.Join(", ", held)}.";
    }
}

/// <summary>
/// The <c>holding_details</c> tool's result (contract 1.1). <paramref name="Price"/> and <paramref name="MarketValue"/>
/// in USD on as-of; <paramref name="Weight"/>, <paramref name="AnnualizedVolatility"/>, <paramref name="TotalReturn1Y"/>
/// (null with under 252 daily returns) and <paramref name="ContributionToRisk"/> are decimal fractions (definitions on
/// <see cref="HoldingDetailsTool.Invoke"/>).
/// </summary>
public sealed record HoldingDetails(
    string Ticker,
    string Name,
    string AssetClass,
    double Shares,
    double Price,
    double MarketValue,
    double Weight,
    double AnnualizedVolatility,
    double? TotalReturn1Y,
    double ContributionToRisk);
