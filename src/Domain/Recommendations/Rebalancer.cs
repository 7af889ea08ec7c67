using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Recommendations;

/// <summary>
/// Turns allocation drift into whole-share trades that need no new cash. Each asset class outside its band moves to its
/// target; the net of those moves is taken from (or given to) the in-band classes on the same side of their targets, in
/// proportion to their drift, so the class changes sum to zero. Within a class, a sale is split across its holdings in
/// proportion to their market value, and so is a purchase; a class the portfolio does not hold is bought through the
/// first fund of that class in the market data with a price on as-of. Sales are rounded down to whole shares (never
/// more than held); purchases are then scaled to the cash the sales raise and rounded down, so the purchases never
/// cost more than the sales bring in.
/// </summary>
internal static class Rebalancer
{
    public static (IReadOnlyList<Trade> Trades, double CashLeftUsd) Plan(
        PricedPortfolio portfolio, IReadOnlyList<AssetClassExposure> exposures, MarketDataSet market)
    {
        var changes = ClassChanges(portfolio.TotalValue, exposures);
        var sells = new List<Trade>();
        var buyTargets = new List<(string Ticker, double Price, double Amount)>();
        foreach (var (assetClass, change) in changes)
        {
            var members = portfolio.Holdings.Where(h => h.AssetClass == assetClass).ToList();
            var classValue = members.Sum(h => h.MarketValue);
            if (change < 0)
            {
                foreach (var holding in members)
                {
                    var shares = Math.Min(Math.Floor(-change * holding.MarketValue / classValue / holding.Price), Math.Floor(holding.Shares));
                    if (shares >= 1)
                    {
                        sells.Add(new Trade(holding.Ticker, "sell", shares, shares * holding.Price));
                    }
                }
            }
            else if (members.Count > 0)
            {
                buyTargets.AddRange(members.Select(h => (h.Ticker, h.Price, change * h.MarketValue / classValue)));
            }
            else if (FirstPricedFund(assetClass, portfolio.AsOf, market) is { } fund)
            {
                buyTargets.Add((fund.Ticker, fund.Price, change));
            }
        }

        var cash = sells.Sum(t => t.AmountUsd);
        var wanted = buyTargets.Sum(b => b.Amount);
        var scale = wanted > cash ? cash / wanted : 1;
        var buys = new List<Trade>();
        foreach (var (ticker, price, amount) in buyTargets)
        {
            var shares = Math.Floor(amount * scale / price);
            if (shares >= 1)
            {
                buys.Add(new Trade(ticker, "buy", shares, shares * price));
            }
        }

        return ([.. sells, .. buys], cash - buys.Sum(t => t.AmountUsd));
    }

    /// <summary>USD change per asset class (positive = buy), summing to zero.</summary>
    private static List<(string AssetClass, double Change)> ClassChanges(double total, IReadOnlyList<AssetClassExposure> exposures)
    {
        var changes = new List<(string, double)>();
        var net = 0.0;
        foreach (var e in exposures.Where(e => e.OutsideBand))
        {
            changes.Add((e.AssetClass, -e.Drift * total));
            net += -e.Drift * total;
        }

        // net > 0: the out-of-band purchases exceed the sales, so in-band overweight classes sell the difference.
        var donors = exposures.Where(e => !e.OutsideBand && (net > 0 ? e.Drift > 0 : e.Drift < 0)).ToList();
        var donorDrift = donors.Sum(e => Math.Abs(e.Drift));
        if (donorDrift > 0)
        {
            foreach (var e in donors)
            {
                changes.Add((e.AssetClass, -net * Math.Abs(e.Drift) / donorDrift));
            }
        }

        return changes;
    }

    private static (string Ticker, double Price)? FirstPricedFund(string assetClass, DateOnly asOf, MarketDataSet market)
    {
        var day = market.IndexOfDate(asOf);
        foreach (var fund in market.Funds)
        {
            if (fund.AssetClass == assetClass && day >= 0)
            {
                var price = market.GetPrices(fund.Ticker)[day];
                if (!double.IsNaN(price))
                {
                    return (fund.Ticker, price);
                }
            }
        }

        return null;
    }
}
