using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.Benchmarks;

/// <summary>
/// The JSON one activity call of the fund analysis costs the embedded engine, on the real inputs and results of
/// <c>data/portfolios/example.json</c>: <see cref="RoundTrips"/> is the JSON path (input serialized and read back,
/// result serialized and read back), <see cref="ResultOnce"/> the in-process handoff (the result serialized once, for
/// the history row). <see cref="WithCurve"/> passes the recommendations and advisor nodes the whole performance report,
/// drawdown curve included, as the orchestration did before. The setup prints each input's and result's JSON size,
/// which is what Durable Functions carries per call.
/// </summary>
[MemoryDiagnoser]
public class ActivityJsonBenchmarks
{
    private object input = null!;
    private object result = null!;

    /// <summary>The activity whose input and result are measured.</summary>
    [Params(nameof(AnalysisActivities.ConvertPortfolio), nameof(AnalysisActivities.ComputeRiskMetrics), nameof(AnalysisActivities.MeasurePerformance),
        nameof(AnalysisActivities.BuildRecommendations), nameof(AnalysisActivities.StreamAdvisorReply))]
    public string Activity { get; set; } = "";

    /// <summary>Whether the recommendations and advisor inputs carry the drawdown curve (the orchestration before the change).</summary>
    [Params(false, true)]
    public bool WithCurve { get; set; }

    /// <summary>Computes the analysis of the example portfolio and picks <see cref="Activity"/>'s input and result.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var market = MarketDataSet.LoadBundled();
        var example = Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json");
        var request = JsonSerializer.Deserialize<AnalysisRequest>(File.ReadAllText(example), ActivityRegistry.Json)!;
        var run = new RunContext("bench", "bench");
        var portfolio = PortfolioPricer.Price(request.Holdings, market);
        var risk = RiskCalculator.Compute(portfolio, market);
        var performance = PerformanceCalculator.Compute(portfolio, market);
        var passed = WithCurve ? performance : performance with { DrawdownCurve = null };
        var profile = RiskProfile.Get(request.RiskProfile);
        var recommendations = new RecommendationList(
            RecommendationEngine.Build(portfolio, risk, performance, profile, market), AssetClassExposure.Compare(portfolio, profile));
        var advice = new AdviceResult(request.Persona, "offline", [.. Enumerable.Range(1, 6).Select(i => $"Message {i} of the reply, about forty words long. " + new string('x', 200))]);
        (input, result) = Activity switch
        {
            nameof(AnalysisActivities.ConvertPortfolio) => ((object)new ConvertPortfolioInput(run, request.Holdings), (object)portfolio),
            nameof(AnalysisActivities.ComputeRiskMetrics) => (new PortfolioNodeInput(run, portfolio), risk),
            nameof(AnalysisActivities.MeasurePerformance) => (new PortfolioNodeInput(run, portfolio), performance),
            nameof(AnalysisActivities.BuildRecommendations) => (new RecommendationsInput(run, portfolio, risk, passed, request.RiskProfile), recommendations),
            _ => (new AdvisorInput(run, request.Persona, request.Language, request.RiskProfile, portfolio, risk, passed, recommendations.Items), advice),
        };
        Console.WriteLine($"// {Activity} (curve passed on: {WithCurve}): input {JsonSerializer.SerializeToUtf8Bytes(input, input.GetType(), ActivityRegistry.Json).Length:N0} B, "
            + $"result {JsonSerializer.SerializeToUtf8Bytes(result, result.GetType(), ActivityRegistry.Json).Length:N0} B of JSON");
    }

    /// <summary>The JSON path: the input serialized and deserialized, the result serialized and deserialized.</summary>
    [Benchmark(Baseline = true)]
    public object RoundTrips()
    {
        var json = JsonSerializer.Serialize(input, input.GetType(), ActivityRegistry.Json);
        JsonSerializer.Deserialize(json, input.GetType(), ActivityRegistry.Json);
        var stored = JsonSerializer.Serialize(result, result.GetType(), ActivityRegistry.Json);
        return JsonSerializer.Deserialize(stored, result.GetType(), ActivityRegistry.Json)!;
    }

    /// <summary>The in-process handoff: the result serialized once, for the history row.</summary>
    [Benchmark]
    public string ResultOnce() => JsonSerializer.Serialize(result, result.GetType(), ActivityRegistry.Json);
}
