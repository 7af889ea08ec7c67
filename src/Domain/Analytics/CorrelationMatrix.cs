namespace PortfolioAdvisor.Analytics;

/// <summary>
/// Pearson correlations of the holdings' daily returns over the risk window: <paramref name="Values"/>[i][j] is the
/// correlation of <paramref name="Tickers"/>[i] with <paramref name="Tickers"/>[j] (symmetric, 1 on the diagonal, in
/// [−1, 1]). A holding whose returns do not vary over the window correlates 0 with every other holding.
/// </summary>
public sealed record CorrelationMatrix(IReadOnlyList<string> Tickers, IReadOnlyList<IReadOnlyList<double>> Values)
{
    /// <summary>The correlation of <paramref name="a"/> with <paramref name="b"/>, or null when either is not a holding.</summary>
    public double? Get(string a, string b)
    {
        var i = IndexOf(a);
        var j = IndexOf(b);
        return i < 0 || j < 0 ? null : Values[i][j];
    }

    private int IndexOf(string ticker)
    {
        for (var i = 0; i < Tickers.Count; i++)
        {
            if (string.Equals(Tickers[i], ticker, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
