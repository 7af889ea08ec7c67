using PortfolioAdvisor.Analytics;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The <c>what_if</c> tool's result (contract 1.1): the portfolio after the trades, priced on the analysis' as-of, and
/// its <paramref name="Risk"/> and <paramref name="Performance"/> computed by the analysis' own calculators (every
/// member of the analysis' <c>risk</c> and <c>performance</c>, same names and definitions, except the drawdown curve's
/// chart samples). <paramref name="Before"/> (beyond the contract) repeats the analysis' own figures so the model and
/// the offline advisor can say "before → after" from the result alone.
/// </summary>
/// <param name="AsOf">The analysis' as-of date, on which the post-trade portfolio is priced (beyond the contract).</param>
/// <param name="Holdings">The positions after the trades, in the analysis' order with new funds appended in trade order.</param>
/// <param name="TotalValue">Σ shares × price on as-of, USD.</param>
/// <param name="Risk">The risk node's figures of the post-trade portfolio.</param>
/// <param name="Performance">The performance node's figures of the post-trade portfolio (no <c>drawdownCurve</c>).</param>
/// <param name="Before">The analysed portfolio's figures.</param>
public sealed record WhatIfResult(
    DateOnly AsOf,
    IReadOnlyList<WhatIfHolding> Holdings,
    double TotalValue,
    RiskReport Risk,
    PerformanceReport Performance,
    WhatIfBaseline Before);

/// <summary>A position after the trades: <paramref name="Shares"/> (positive) and <paramref name="Weight"/> = market
/// value ÷ total value on as-of (a decimal fraction).</summary>
public sealed record WhatIfHolding(string Ticker, double Shares, double Weight);

/// <summary>
/// The analysed portfolio's figures as the analysis output gives them: total value (USD), risk and performance, without
/// the series a client already has in the output (correlations, calendar years, drawdown curve).
/// </summary>
public sealed record WhatIfBaseline(double TotalValue, RiskReport Risk, PerformanceReport Performance);

/// <summary>One trade of a <c>what_if</c> call: <paramref name="Shares"/> &gt; 0 buys, &lt; 0 sells that many shares of
/// <paramref name="Ticker"/>.</summary>
public sealed record WhatIfTrade(string Ticker, double Shares);
