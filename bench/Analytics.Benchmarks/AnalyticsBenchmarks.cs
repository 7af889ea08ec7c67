using BenchmarkDotNet.Attributes;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>The risk and performance nodes' calculations for 10, 100 and 500 holdings over ten years of daily prices.</summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private MarketDataSet market = null!;
    private PricedPortfolio portfolio = null!;

    /// <summary>Holdings in the portfolio.</summary>
    [Params(10, 100, 500)]
    public int Holdings { get; set; }

    /// <summary>Builds the synthetic market and an equal-value portfolio of <see cref="Holdings"/> funds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        market = SyntheticMarket.Create(Holdings);
        portfolio = SyntheticMarket.Portfolio(market, Holdings);
    }

    /// <summary>The risk node: volatility, drawdown, VaR/CVaR, beta, Sharpe, correlations, contributions.</summary>
    [Benchmark]
    public RiskReport Risk() => RiskCalculator.Compute(portfolio, market);

    /// <summary>The performance node: total returns, CAGR, calendar years.</summary>
    [Benchmark]
    public PerformanceReport Performance() => PerformanceCalculator.Compute(portfolio, market);
}
