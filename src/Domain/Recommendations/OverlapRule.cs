using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// <see cref="RecommendationRules.Overlap"/>: each pair of holdings whose daily returns over the risk window correlate
/// at least <see cref="RecommendationRules.OverlapCorrelation"/>; holding both adds cost and complexity, not
/// diversification. The trades consolidate: sell the whole shares of the smaller position and buy the larger with the
/// proceeds (whole shares, rounded down).
/// </summary>
internal static class OverlapRule
{
    public static IEnumerable<Recommendation> Evaluate(PricedPortfolio portfolio, RiskReport risk)
    {
        if (risk.Correlations is not { } matrix)
        {
            yield break;
        }

        var holdings = portfolio.Holdings;
        for (var i = 0; i < holdings.Count; i++)
        {
            for (var j = i + 1; j < holdings.Count; j++)
            {
                var correlation = matrix.Get(holdings[i].Ticker, holdings[j].Ticker);
                if (correlation is not { } c || c < RecommendationRules.OverlapCorrelation || holdings[i].Ticker == holdings[j].Ticker)
                {
                    continue;
                }

                var (larger, smaller) = holdings[i].MarketValue >= holdings[j].MarketValue ? (holdings[i], holdings[j]) : (holdings[j], holdings[i]);
                var trades = new List<Trade>();
                var sold = Math.Floor(smaller.Shares);
                var bought = Math.Floor(sold * smaller.Price / larger.Price);
                if (sold >= 1 && bought >= 1)
                {
                    trades.Add(new Trade(smaller.Ticker, "sell", sold, sold * smaller.Price));
                    trades.Add(new Trade(larger.Ticker, "buy", bought, bought * larger.Price));
                }

                var figures = new Dictionary<string, double>
                {
                    ["correlation"] = c,
                    [$"weight.{larger.Ticker}"] = larger.Weight,
                    [$"weight.{smaller.Ticker}"] = smaller.Weight,
                };
                var rationale = $"Over the last {risk.LookbackDays} trading days the daily returns of {larger.Ticker} and {smaller.Ticker} correlated {Wording.Number(c)}: "
                    + $"together {Wording.Percent(larger.Weight + smaller.Weight)} of the portfolio, they behave as one fund.";
                if (trades.Count > 0)
                {
                    rationale += $" To consolidate: {Wording.Trades(trades)}.";
                }

                yield return new Recommendation(
                    RecommendationRules.Overlap, RecommendationRules.Info, $"{larger.Ticker} and {smaller.Ticker} overlap", rationale, figures, trades);
            }
        }
    }
}
