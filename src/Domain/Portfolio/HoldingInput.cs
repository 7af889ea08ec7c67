namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// One position as the user gave it: <paramref name="Ticker"/> (upper case), <paramref name="Shares"/> (a positive count,
/// fractions allowed) and optionally <paramref name="CostBasis"/>, the position's total cost in USD.
/// </summary>
public sealed record HoldingInput(string Ticker, double Shares, double? CostBasis = null);
