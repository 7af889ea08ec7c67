using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;

namespace PortfolioAdvisor.Portfolio;

/// <summary>Prices holdings from the market data on their as-of date (the convert node's work).</summary>
public static class PortfolioPricer
{
    /// <summary>The portfolio's base currency: USD (the market data's prices are in USD).</summary>
    public const string BaseCurrency = "USD";

    /// <summary>
    /// Prices <paramref name="holdings"/> on as-of, the latest date on which every holding and the benchmark
    /// (<see cref="MarketDataSet.BenchmarkTicker"/>) have a price: price = that day's adjusted close (USD), market value =
    /// shares × price (USD), weight = market value ÷ total value, unrealized gain = market value − cost basis (USD) when
    /// a cost basis is given. Holdings keep their input order.
    /// </summary>
    /// <exception cref="PortfolioValidationException">No holdings (key <c>holdings</c>), a ticker absent from the market
    /// data (key <c>holdings[i].ticker</c>) or shares that are not positive and finite (key <c>holdings[i].shares</c>).</exception>
    /// <exception cref="InsufficientHistoryException">No date on which every holding and the benchmark have a price.</exception>
    public static PricedPortfolio Price(IReadOnlyList<HoldingInput> holdings, MarketDataSet market)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(market);
        Validate(holdings, market);

        var series = new double[holdings.Count + 1][];
        for (var i = 0; i < holdings.Count; i++)
        {
            series[i] = market.GetPriceArray(holdings[i].Ticker);
        }

        series[^1] = market.GetPriceArray(MarketDataSet.BenchmarkTicker);
        var asOfIndex = LatestCommonIndex(series);
        if (asOfIndex < 0)
        {
            throw new InsufficientHistoryException(0);
        }

        return PriceAt(holdings, market, series, asOfIndex);
    }

    /// <summary>
    /// Prices <paramref name="holdings"/> as <see cref="Price(IReadOnlyList{HoldingInput}, MarketDataSet)"/> does, but on
    /// the given <paramref name="asOf"/> rather than the latest common date: a what-if of a completed analysis is priced
    /// on that analysis' as-of, so its figures compare with the analysis' own even when the trades change which date
    /// would be the latest common one.
    /// </summary>
    /// <exception cref="PortfolioValidationException">As for the other overload, and a holding without a price on
    /// <paramref name="asOf"/> (key <c>holdings[i].ticker</c>).</exception>
    /// <exception cref="ArgumentException"><paramref name="asOf"/> is not a date of the data, or the benchmark has no price on it.</exception>
    public static PricedPortfolio Price(IReadOnlyList<HoldingInput> holdings, MarketDataSet market, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(market);
        Validate(holdings, market);
        var asOfIndex = market.IndexOfDate(asOf);
        if (asOfIndex < 0 || double.IsNaN(market.GetPriceArray(MarketDataSet.BenchmarkTicker)[asOfIndex]))
        {
            throw new ArgumentException($"{asOf:yyyy-MM-dd} is not a date of the market data on which the benchmark has a price.", nameof(asOf));
        }

        var series = new double[holdings.Count + 1][];
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < holdings.Count; i++)
        {
            series[i] = market.GetPriceArray(holdings[i].Ticker);
            if (double.IsNaN(series[i][asOfIndex]))
            {
                errors[$"holdings[{i}].ticker"] = [$"'{holdings[i].Ticker}' has no price on {asOf:yyyy-MM-dd}."];
            }
        }

        if (errors.Count > 0)
        {
            throw new PortfolioValidationException("The holdings cannot be priced.", errors);
        }

        series[^1] = market.GetPriceArray(MarketDataSet.BenchmarkTicker);
        return PriceAt(holdings, market, series, asOfIndex);
    }

    private static PricedPortfolio PriceAt(IReadOnlyList<HoldingInput> holdings, MarketDataSet market, double[][] series, int asOfIndex)
    {
        var values = new double[holdings.Count];
        var total = 0.0;
        for (var i = 0; i < holdings.Count; i++)
        {
            values[i] = holdings[i].Shares * series[i][asOfIndex];
            total += values[i];
        }

        var priced = new Holding[holdings.Count];
        for (var i = 0; i < holdings.Count; i++)
        {
            var input = holdings[i];
            market.TryGetFund(input.Ticker, out var fund);
            priced[i] = new Holding(
                fund!.Ticker, fund.Name, fund.AssetClass, input.Shares, series[i][asOfIndex], values[i], values[i] / total,
                input.CostBasis, input.CostBasis is { } cost ? values[i] - cost : null);
        }

        return new PricedPortfolio(market.Dates[asOfIndex], BaseCurrency, total, priced);
    }

    private static void Validate(IReadOnlyList<HoldingInput> holdings, MarketDataSet market)
    {
        var errors = new Dictionary<string, string[]>();
        if (holdings.Count == 0)
        {
            errors["holdings"] = ["At least one holding is required."];
        }

        for (var i = 0; i < holdings.Count; i++)
        {
            if (!market.Contains(holdings[i].Ticker))
            {
                errors[$"holdings[{i}].ticker"] = [$"'{holdings[i].Ticker}' is not in the market data."];
            }

            if (!(holdings[i].Shares > 0 && double.IsFinite(holdings[i].Shares)))
            {
                errors[$"holdings[{i}].shares"] = ["Shares must be a positive, finite number."];
            }
        }

        if (errors.Count > 0)
        {
            throw new PortfolioValidationException("The holdings cannot be priced.", errors);
        }
    }

    private static int LatestCommonIndex(double[][] series)
    {
        for (var t = series[0].Length - 1; t >= 0; t--)
        {
            var all = true;
            foreach (var prices in series)
            {
                if (double.IsNaN(prices[t]))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return t;
            }
        }

        return -1;
    }
}
