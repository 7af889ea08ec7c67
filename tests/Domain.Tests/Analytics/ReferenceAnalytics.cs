using System.Globalization;

namespace PortfolioAdvisor.Tests.Analytics;

/// <summary>
/// A second, deliberately plain implementation of the contract's figures, straight from its definitions: it reads
/// <c>prices.csv</c> with string splitting, builds dictionaries, and loops. It shares no code with the production
/// calculators, so agreement to 1e-9 means both read the definitions the same way.
/// </summary>
internal sealed class ReferenceAnalytics
{
    private readonly List<DateOnly> allDates;
    private readonly Dictionary<string, Dictionary<DateOnly, double>> prices = [];

    public ReferenceAnalytics(string pricesCsv)
    {
        var dates = new SortedSet<DateOnly>();
        foreach (var line in File.ReadLines(pricesCsv).Skip(1))
        {
            var parts = line.Split(',');
            var date = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!prices.TryGetValue(parts[1], out var series))
            {
                prices[parts[1]] = series = [];
            }

            series[date] = double.Parse(parts[2], CultureInfo.InvariantCulture);
            dates.Add(date);
        }

        allDates = [.. dates];
    }

    public DateOnly AsOf { get; private set; }
    public double TotalValue { get; private set; }
    public Dictionary<string, double> Price { get; } = [];
    public Dictionary<string, double> Weight { get; } = [];
    public DateOnly StartDate { get; private set; }
    public List<double> PortfolioReturns { get; } = [];
    public List<double> BenchmarkReturns { get; } = [];
    public List<double> BillReturns { get; } = [];
    public Dictionary<string, List<double>> AssetReturns { get; } = [];

    /// <summary>Analyses <paramref name="holdings"/> as of the latest date on or before <paramref name="asOf"/> (default:
    /// the data's last) on which every holding and VTI have a price.</summary>
    public void Analyse(IReadOnlyList<(string Ticker, double Shares)> holdings, DateOnly? asOf = null)
    {
        var needed = holdings.Select(h => h.Ticker).Append("VTI").ToList();
        bool AllHave(DateOnly d) => needed.All(t => prices[t].ContainsKey(d));

        var asOfIndex = allDates.Count - 1;
        while (asOf is { } last && allDates[asOfIndex] > last)
        {
            asOfIndex--;
        }

        while (!AllHave(allDates[asOfIndex]))
        {
            asOfIndex--;
        }

        AsOf = allDates[asOfIndex];
        TotalValue = 0;
        foreach (var (ticker, shares) in holdings)
        {
            Price[ticker] = prices[ticker][AsOf];
            TotalValue += shares * Price[ticker];
        }

        foreach (var (ticker, shares) in holdings)
        {
            Weight[ticker] = shares * Price[ticker] / TotalValue;
        }

        var startIndex = asOfIndex;
        while (startIndex > 0 && AllHave(allDates[startIndex - 1]))
        {
            startIndex--;
        }

        StartDate = allDates[startIndex];
        foreach (var (ticker, _) in holdings)
        {
            AssetReturns[ticker] = [];
        }

        for (var t = startIndex + 1; t <= asOfIndex; t++)
        {
            var (today, yesterday) = (allDates[t], allDates[t - 1]);
            var rp = 0.0;
            foreach (var (ticker, _) in holdings)
            {
                var r = prices[ticker][today] / prices[ticker][yesterday] - 1;
                AssetReturns[ticker].Add(r);
                rp += Weight[ticker] * r;
            }

            PortfolioReturns.Add(rp);
            BenchmarkReturns.Add(prices["VTI"][today] / prices["VTI"][yesterday] - 1);
            BillReturns.Add(prices["BIL"][today] / prices["BIL"][yesterday] - 1);
        }
    }

    public static List<double> Tail(List<double> x, int n) => x.Skip(Math.Max(0, x.Count - n)).ToList();

    public static double Mean(List<double> x) => x.Sum() / x.Count;

    public static double Covariance(List<double> x, List<double> y)
    {
        var (mx, my) = (Mean(x), Mean(y));
        double s = 0;
        for (var i = 0; i < x.Count; i++)
        {
            s += (x[i] - mx) * (y[i] - my);
        }

        return s / (x.Count - 1);
    }

    public static double StdDev(List<double> x) => Math.Sqrt(Covariance(x, x));

    /// <summary>NumPy's default percentile, written from its documentation: the value at fractional rank p·(n−1).</summary>
    public static double Percentile(List<double> x, double percent)
    {
        var sorted = x.OrderBy(v => v).ToList();
        var rank = percent / 100 * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = (int)Math.Ceiling(rank);
        return sorted[below] * (1 - (rank - below)) + sorted[above] * (rank - below);
    }

    public static double Growth(List<double> x)
    {
        double w = 1;
        foreach (var r in x)
        {
            w *= 1 + r;
        }

        return w - 1;
    }

    public static double MaxDrawdown(List<double> x)
    {
        var wealth = new List<double> { 1 };
        foreach (var r in x)
        {
            wealth.Add(wealth[^1] * (1 + r));
        }

        var worst = 0.0;
        for (var t = 0; t < wealth.Count; t++)
        {
            var peak = wealth.Take(t + 1).Max();
            worst = Math.Min(worst, wealth[t] / peak - 1);
        }

        return worst;
    }

    public static List<double> Minus(List<double> a, List<double> b) => a.Select((v, i) => v - b[i]).ToList();
}
