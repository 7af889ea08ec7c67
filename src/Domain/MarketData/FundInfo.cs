namespace PortfolioAdvisor.MarketData;

/// <summary>
/// A fund of the market data as <c>data/tickers.csv</c> describes it: its <paramref name="Ticker"/> (upper case), its
/// <paramref name="Name"/> and its <paramref name="AssetClass"/> (one of <c>us_equity</c>, <c>global_equity</c>,
/// <c>intl_equity</c>, <c>real_estate</c>, <c>bonds</c>, <c>commodities</c>, <c>cash</c> in the bundled data).
/// </summary>
public sealed record FundInfo(string Ticker, string Name, string AssetClass);
