namespace PortfolioAdvisor.MarketData;

/// <summary>STUB (analytics helper replaces): the bundled daily prices and fund descriptions.</summary>
public sealed class MarketDataSet
{
    /// <summary>Loads <c>data/prices.csv</c> and <c>data/tickers.csv</c> beside the assembly.</summary>
    public static MarketDataSet LoadBundled() => throw new NotImplementedException();

    /// <summary>True when the data holds <paramref name="ticker"/>.</summary>
    public bool Contains(string ticker) => throw new NotImplementedException();

    /// <summary>All tickers the data holds.</summary>
    public IReadOnlyCollection<string> Tickers => throw new NotImplementedException();
}
