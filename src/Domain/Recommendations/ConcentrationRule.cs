using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// <see cref="RecommendationRules.Concentration"/>: holdings above the profile's maximum weight, or a Herfindahl index
/// above its limit. The trades sell the fewest whole shares that bring each such holding to the limit or below
/// (the proceeds stay in cash; the drift recommendation, if any, says where allocation wants them).
/// </summary>
internal static class ConcentrationRule
{
    public static IEnumerable<Recommendation> Evaluate(PricedPortfolio portfolio, RiskReport risk, RiskProfile profile)
    {
        var heavy = portfolio.Holdings.Where(h => h.Weight > profile.MaxHoldingWeight).OrderByDescending(h => h.Weight).ToList();
        var herfindahlOver = risk.HerfindahlIndex > profile.MaxHerfindahl;
        if (heavy.Count == 0 && !herfindahlOver)
        {
            yield break;
        }

        var figures = new Dictionary<string, double>
        {
            ["largestWeight"] = risk.LargestWeight,
            ["maxHoldingWeight"] = profile.MaxHoldingWeight,
            ["herfindahlIndex"] = risk.HerfindahlIndex,
            ["maxHerfindahl"] = profile.MaxHerfindahl,
        };
        var trades = new List<Trade>();
        var sentences = new List<string>();
        foreach (var holding in heavy)
        {
            figures[$"weight.{holding.Ticker}"] = holding.Weight;
            // The smallest whole number of shares whose sale leaves weight ≤ max, with the total unchanged (proceeds held as cash).
            var excessUsd = holding.MarketValue - (profile.MaxHoldingWeight * portfolio.TotalValue);
            var shares = Math.Min(Math.Ceiling(excessUsd / holding.Price), Math.Floor(holding.Shares));
            if (shares >= 1)
            {
                trades.Add(new Trade(holding.Ticker, "sell", shares, shares * holding.Price));
            }

            sentences.Add($"{holding.Ticker} is {Wording.Percent(holding.Weight)} of the portfolio, above the {profile.Name} profile's limit of {Wording.Percent(profile.MaxHoldingWeight)} for one holding.");
        }

        sentences.Add(herfindahlOver
            ? $"The Herfindahl index (sum of squared weights) is {Wording.Number(risk.HerfindahlIndex)}, above the limit of {Wording.Number(profile.MaxHerfindahl)}: the portfolio rests on few positions."
            : $"The Herfindahl index is {Wording.Number(risk.HerfindahlIndex)}, within the limit of {Wording.Number(profile.MaxHerfindahl)}.");
        if (trades.Count > 0)
        {
            sentences.Add($"To reach the limit: {Wording.Trades(trades)}.");
        }

        var high = risk.LargestWeight >= RecommendationRules.HighMultiple * profile.MaxHoldingWeight
            || risk.HerfindahlIndex >= RecommendationRules.HighMultiple * profile.MaxHerfindahl;
        var title = heavy.Count > 0
            ? $"{heavy[0].Ticker} is {Wording.Percent(heavy[0].Weight)} of the portfolio"
            : "The portfolio rests on few holdings";
        yield return new Recommendation(
            RecommendationRules.Concentration, high ? RecommendationRules.High : RecommendationRules.Warning, title,
            string.Join(' ', sentences), figures, trades);
    }
}
