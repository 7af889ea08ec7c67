namespace PortfolioAdvisor.Analytics;

/// <summary>
/// A holding's share of the portfolio's risk over the risk window: <paramref name="ShareOfVariance"/> =
/// w_i · cov(r_i, r_p) ÷ var(r_p) (sample covariances, n−1), which sums to 1 over the holdings and may be negative for a
/// hedge; 0 for every holding when var(r_p) is zero. <paramref name="Weight"/> is the holding's weight, for comparison.
/// </summary>
public sealed record VarianceContribution(string Ticker, double Weight, double ShareOfVariance);
