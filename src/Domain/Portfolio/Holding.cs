namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// A priced holding on the portfolio's as-of date. <paramref name="Price"/> and <paramref name="MarketValue"/> in USD;
/// <paramref name="Weight"/> = market value ÷ total value (a decimal fraction); <paramref name="CostBasis"/> (total
/// USD) and <paramref name="UnrealizedGain"/> = market value − cost basis (USD) are null when no cost was given.
/// </summary>
public sealed record Holding(
    string Ticker,
    string Name,
    string AssetClass,
    double Shares,
    double Price,
    double MarketValue,
    double Weight,
    double? CostBasis,
    double? UnrealizedGain);

/// <summary>
/// The convert node's result: the holdings priced on <paramref name="AsOf"/>, the latest date on which every holding and
/// the benchmark have a price; <paramref name="TotalValue"/> in USD.
/// </summary>
public sealed record PricedPortfolio(DateOnly AsOf, string BaseCurrency, double TotalValue, IReadOnlyList<Holding> Holdings);
