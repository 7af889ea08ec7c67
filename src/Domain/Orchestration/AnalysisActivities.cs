using System.Diagnostics;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The activities of <see cref="FundAnalysisOrchestration"/>, written once for both hosts. They hold the I/O (events)
/// and are idempotent: they run at least once, and each event they log carries a dedupe key, so a rerun after a crash
/// neither repeats nor skips a seq.
/// </summary>
public sealed class AnalysisActivities(MarketDataSet market, RunEventWriter events, IAdvisor advisor)
{
    /// <summary>Prices the holdings on the as-of date (convert node); the first activity also logs <c>run_started</c>.</summary>
    /// <exception cref="PortfolioValidationException">A ticker is not in the market data.</exception>
    public async Task<PricedPortfolio> ConvertPortfolio(ConvertPortfolioInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await events.EmitAsync(input.Run, new RunStarted(AnalysisNodes.All, RunKinds.Analysis) { RunId = input.Run.RunId }, EventTypes.RunStarted, cancellationToken).ConfigureAwait(false);
        return await RunNodeAsync(input.Run, AnalysisNodes.Convert,
            () => Task.FromResult(PortfolioPricer.Price(input.Holdings, market)),
            portfolio => new Dictionary<string, object?>
            {
                ["asOf"] = portfolio.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["holdings"] = portfolio.Holdings.Count,
                ["totalValue"] = portfolio.TotalValue,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Computes the risk figures (risk node).</summary>
    /// <exception cref="InsufficientHistoryException">Fewer than 60 common daily returns.</exception>
    public Task<RiskReport> ComputeRiskMetrics(PortfolioNodeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunNodeAsync(input.Run, AnalysisNodes.Risk,
            () => Task.FromResult(RiskCalculator.Compute(input.Portfolio, market)),
            risk => new Dictionary<string, object?>
            {
                ["annualizedVolatility"] = risk.AnnualizedVolatility,
                ["maxDrawdown"] = risk.MaxDrawdown,
                ["valueAtRisk95"] = risk.ValueAtRisk95,
                ["beta"] = risk.Beta,
                ["sharpeRatio"] = risk.SharpeRatio,
            },
            cancellationToken);
    }

    /// <summary>Computes the performance figures (performance node).</summary>
    /// <exception cref="InsufficientHistoryException">Fewer than 60 common daily returns.</exception>
    public Task<PerformanceReport> MeasurePerformance(PortfolioNodeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunNodeAsync(input.Run, AnalysisNodes.Performance,
            () => Task.FromResult(PerformanceCalculator.Compute(input.Portfolio, market)),
            performance => new Dictionary<string, object?>
            {
                ["totalReturn1Y"] = performance.TotalReturn1Y,
                ["cagr3Y"] = performance.Cagr3Y,
                ["benchmarkTotalReturn1Y"] = performance.BenchmarkTotalReturn1Y,
            },
            cancellationToken);
    }

    /// <summary>Builds the deterministic recommendations (recommendations node).</summary>
    public Task<RecommendationList> BuildRecommendations(RecommendationsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunNodeAsync(input.Run, AnalysisNodes.Recommendations,
            () => Task.FromResult(Recommend(input.Portfolio, input.Risk, input.Performance, input.RiskProfile, market)),
            list => new Dictionary<string, object?>
            {
                ["count"] = list.Items.Count,
                ["codes"] = list.Items.Select(r => r.Code).ToArray(),
            },
            cancellationToken);
    }

    /// <summary>
    /// The recommendations node's pure work: the recommendations for <paramref name="riskProfile"/> and the exposure by
    /// asset class against its targets.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="riskProfile"/> is not a known profile.</exception>
    internal static RecommendationList Recommend(
        PricedPortfolio portfolio, RiskReport risk, PerformanceReport performance, string riskProfile, MarketDataSet market)
    {
        var profile = RiskProfile.Get(riskProfile);
        return new RecommendationList(
            RecommendationEngine.Build(portfolio, risk, performance, profile, market),
            AssetClassExposure.Compare(portfolio, profile));
    }

    /// <summary>Streams the persona's reply (advisor node); returns the reply as saved.</summary>
    public Task<AdviceResult> StreamAdvisorReply(AdvisorInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunNodeAsync(input.Run, AnalysisNodes.Advisor,
            () => advisor.WriteReplyAsync(input, cancellationToken),
            advice => new Dictionary<string, object?>
            {
                ["persona"] = advice.Persona,
                ["model"] = advice.Model,
                ["messages"] = advice.Messages.Count,
            },
            cancellationToken);
    }

    /// <summary>Logs the terminal <c>run_completed</c> event.</summary>
    public async Task<bool> CompleteRun(RunContext run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await events.EmitAsync(run, new RunCompleted { RunId = run.RunId }, EventTypes.RunCompleted, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Logs the terminal <c>run_failed</c> event (nothing when the run already ended, e.g. terminated).</summary>
    public async Task<bool> FailRun(FailRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await events.EmitAsync(input.Run, new RunFailed(input.Code, input.Message) { RunId = input.Run.RunId }, EventTypes.RunFailed, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RunClosedException)
        {
            return false;
        }
    }

    private async Task<T> RunNodeAsync<T>(
        RunContext run, string node, Func<Task<T>> work, Func<T, IReadOnlyDictionary<string, object?>> summarize, CancellationToken cancellationToken)
    {
        Telemetry.RunTracing.TagCurrent(run, node);
        await events.EmitAsync(run, new NodeStarted(node) { RunId = run.RunId }, $"{EventTypes.NodeStarted}:{node}", cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        T result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RunClosedException and not OperationCanceledException)
        {
            await events.EmitAsync(run, new ErrorRaised($"{node}_failed", ex.Message, Retryable: false, Node: node) { RunId = run.RunId }, cancellationToken: cancellationToken).ConfigureAwait(false);
            throw;
        }

        var completed = new NodeCompleted(node, clock.ElapsedMilliseconds, 0, summarize(result)) { RunId = run.RunId };
        await events.EmitAsync(run, completed, $"{EventTypes.NodeCompleted}:{node}", cancellationToken).ConfigureAwait(false);
        return result;
    }
}
