using System.Diagnostics.CodeAnalysis;

namespace PortfolioAdvisor.MarketData;

/// <summary>
/// Daily adjusted closing prices (USD) of a set of funds, aligned on one shared, strictly ascending calendar of dates
/// (<see cref="Dates"/>): every fund's series has one entry per date, <see cref="double.NaN"/> where the fund has no
/// price that day, so analytics loop over plain arrays. Immutable and thread-safe; load it once and share it.
/// </summary>
public sealed class MarketDataSet
{
    /// <summary>The benchmark every portfolio is compared with: VTI (the whole US stock market).</summary>
    public const string BenchmarkTicker = "VTI";

    /// <summary>The risk-free proxy: BIL (1–3 month Treasury bills).</summary>
    public const string RiskFreeTicker = "BIL";

    private readonly DateOnly[] dates;
    private readonly FundInfo[] funds;
    private readonly double[][] prices;
    private readonly Dictionary<string, int> indexByTicker;

    /// <summary>Creates a data set from aligned series (tests and custom loaders use this).</summary>
    /// <param name="dates">The shared calendar, strictly ascending.</param>
    /// <param name="funds">The funds, tickers unique (compared case-insensitively).</param>
    /// <param name="prices">One series per fund, in the order of <paramref name="funds"/>, each as long as
    /// <paramref name="dates"/>: a positive finite price in USD, or NaN for no price.</param>
    /// <exception cref="ArgumentException">The calendar is not ascending, a ticker repeats, a series has the wrong
    /// length or holds a price that is neither positive and finite nor NaN.</exception>
    public MarketDataSet(IReadOnlyList<DateOnly> dates, IReadOnlyList<FundInfo> funds, IReadOnlyList<double[]> prices)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(funds);
        ArgumentNullException.ThrowIfNull(prices);
        if (funds.Count != prices.Count)
        {
            throw new ArgumentException($"{funds.Count} funds but {prices.Count} price series.", nameof(prices));
        }

        this.dates = [.. dates];
        for (var t = 1; t < this.dates.Length; t++)
        {
            if (this.dates[t] <= this.dates[t - 1])
            {
                throw new ArgumentException($"Dates must be strictly ascending; {this.dates[t]:yyyy-MM-dd} follows {this.dates[t - 1]:yyyy-MM-dd}.", nameof(dates));
            }
        }

        this.funds = [.. funds];
        this.prices = new double[this.funds.Length][];
        indexByTicker = new Dictionary<string, int>(this.funds.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < this.funds.Length; i++)
        {
            var ticker = this.funds[i].Ticker;
            if (!indexByTicker.TryAdd(ticker, i))
            {
                throw new ArgumentException($"Ticker {ticker} appears twice.", nameof(funds));
            }

            var series = prices[i];
            if (series.Length != this.dates.Length)
            {
                throw new ArgumentException($"{ticker} has {series.Length} prices for {this.dates.Length} dates.", nameof(prices));
            }

            foreach (var price in series)
            {
                if (!double.IsNaN(price) && !(price > 0 && double.IsFinite(price)))
                {
                    throw new ArgumentException($"{ticker} has a price of {price}; prices must be positive and finite.", nameof(prices));
                }
            }

            this.prices[i] = [.. series];
        }

        Tickers = Array.AsReadOnly(Array.ConvertAll(this.funds, f => f.Ticker));
    }

    /// <summary>Loads <c>prices.csv</c> and <c>tickers.csv</c> from the <c>data</c> folder beside the application
    /// (<see cref="AppContext.BaseDirectory"/>; the Domain project copies <c>data/</c> there).</summary>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    /// <exception cref="InvalidDataException">A file is malformed (see <see cref="Load"/>).</exception>
    public static MarketDataSet LoadBundled() => Load(Path.Combine(AppContext.BaseDirectory, "data"));

    /// <summary>
    /// Loads <c>prices.csv</c> (<c>date,ticker,adj_close</c>: ISO date, ticker, adjusted close in USD) and
    /// <c>tickers.csv</c> (<c>ticker,name,assetClass</c>) from <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    /// <exception cref="InvalidDataException">A row is malformed, a (date, ticker) pair repeats, a price is not positive
    /// and finite, or a priced ticker is missing from <c>tickers.csv</c>.</exception>
    public static MarketDataSet Load(string directory) => MarketDataCsv.Read(directory);

    /// <summary>True when the data holds <paramref name="ticker"/> (case-insensitive).</summary>
    public bool Contains(string ticker) => indexByTicker.ContainsKey(ticker);

    /// <summary>All tickers the data holds, in the order of <c>tickers.csv</c>.</summary>
    public IReadOnlyCollection<string> Tickers { get; }

    /// <summary>All funds the data holds, in the order of <c>tickers.csv</c>.</summary>
    public IReadOnlyList<FundInfo> Funds => funds;

    /// <summary>The shared calendar: every date on which at least one fund has a price, strictly ascending.</summary>
    public ReadOnlySpan<DateOnly> Dates => dates;

    /// <summary>Finds the description of <paramref name="ticker"/> (case-insensitive).</summary>
    public bool TryGetFund(string ticker, [NotNullWhen(true)] out FundInfo? fund)
    {
        if (indexByTicker.TryGetValue(ticker, out var index))
        {
            fund = funds[index];
            return true;
        }

        fund = null;
        return false;
    }

    /// <summary>The daily adjusted closes (USD) of <paramref name="ticker"/>, aligned with <see cref="Dates"/>; NaN where
    /// the fund has no price.</summary>
    /// <exception cref="KeyNotFoundException">The data does not hold <paramref name="ticker"/>.</exception>
    public ReadOnlySpan<double> GetPrices(string ticker) =>
        indexByTicker.TryGetValue(ticker, out var index)
            ? prices[index]
            : throw new KeyNotFoundException($"The market data holds no ticker {ticker}.");

    /// <summary>The series itself, unshared and uncopied, for the analytics' loops (callers must not write to it).</summary>
    internal double[] GetPriceArray(string ticker) =>
        indexByTicker.TryGetValue(ticker, out var index)
            ? prices[index]
            : throw new KeyNotFoundException($"The market data holds no ticker {ticker}.");

    /// <summary>The position of <paramref name="date"/> in <see cref="Dates"/>, or −1 when it is not a date of the data.</summary>
    public int IndexOfDate(DateOnly date)
    {
        var index = Array.BinarySearch(dates, date);
        return index >= 0 ? index : -1;
    }
}
