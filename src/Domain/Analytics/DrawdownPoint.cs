namespace PortfolioAdvisor.Analytics;

/// <summary>A point of the drawdown curve: on <paramref name="Date"/>, the portfolio stood <paramref name="Drawdown"/>
/// (a decimal fraction, zero or negative) below its highest value so far.</summary>
public sealed record DrawdownPoint(DateOnly Date, double Drawdown);
