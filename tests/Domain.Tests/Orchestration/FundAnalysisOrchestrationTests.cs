using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Analytics;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Recommendations;

namespace PortfolioAdvisor.Tests.Orchestration;

/// <summary>The orchestration against a mocked context port, as DFE's HelloCitiesOrchestrationTests test theirs.</summary>
public sealed class FundAnalysisOrchestrationTests
{
    private static readonly RunContext Run = new("run-1", "alice");
    private static readonly AnalysisInput Input = new(Run, new AnalysisRequest([new HoldingInput("VTI", 10)], "analyst", "growth", "en"));
    private static readonly PricedPortfolio Portfolio = new(new DateOnly(2025, 10, 1), "USD", 3293.1,
        [new Holding("VTI", "Vanguard Total Stock Market ETF", "us_equity", 10, 329.31, 3293.1, 1, null, null)]);
    private static readonly RiskReport Risk = new(756, 0.18, -0.2, 0.017, 0.025, 1, "VTI", 0.9, "BIL", 1, 1);
    private static readonly PerformanceReport Performance = new(new DateOnly(2020, 9, 28), 0.18, 0.88, 0.23, 1.08, 0.16, "VTI", 0.18, 0.88, 1.08);
    private static readonly RecommendationList Recommendations = new([], []);
    private static readonly AdviceResult Advice = new("analyst", "offline", ["Hello."]);

    private readonly List<string> calls = [];
    private readonly List<RunProgress> statuses = [];
    private readonly Mock<IOrchestrationContext> context = new(MockBehavior.Strict);

    public FundAnalysisOrchestrationTests()
    {
        context.SetupGet(c => c.InstanceId).Returns(Run.RunId);
        context.SetupGet(c => c.IsReplaying).Returns(false);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => statuses.Add((RunProgress)s!));
        Returns(nameof(AnalysisActivities.ConvertPortfolio), Portfolio);
        Returns(nameof(AnalysisActivities.ComputeRiskMetrics), Risk);
        Returns(nameof(AnalysisActivities.MeasurePerformance), Performance);
        Returns(nameof(AnalysisActivities.BuildRecommendations), Recommendations);
        Returns(nameof(AnalysisActivities.StreamAdvisorReply), Advice);
        Returns(nameof(AnalysisActivities.CompleteRun), true);
        Returns(nameof(AnalysisActivities.FailRun), true);
    }

    [Fact]
    public async Task RunAsync_CallsTheNodesInOrder_And_ReturnsTheOutput()
    {
        var output = await FundAnalysisOrchestration.RunAsync(context.Object, Input);

        Assert.Equal(
            [nameof(AnalysisActivities.ConvertPortfolio), nameof(AnalysisActivities.ComputeRiskMetrics), nameof(AnalysisActivities.MeasurePerformance),
             nameof(AnalysisActivities.BuildRecommendations), nameof(AnalysisActivities.StreamAdvisorReply), nameof(AnalysisActivities.CompleteRun)],
            calls);
        Assert.Equal(Portfolio.TotalValue, output.TotalValue);
        Assert.Same(Risk, output.Risk);
        Assert.Same(Advice, output.Advice);
        Assert.Equal([0, 20, 60, 80, 100], statuses.Select(s => s.Percent));
        Assert.Null(statuses[^1].Node);
    }

    [Fact]
    public async Task RunAsync_SchedulesPerformance_BeforeRiskCompletes()
    {
        var risk = new TaskCompletionSource<RiskReport>();
        context.Setup(c => c.CallActivityAsync<RiskReport>(nameof(AnalysisActivities.ComputeRiskMetrics), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback(() => calls.Add(nameof(AnalysisActivities.ComputeRiskMetrics)))
            .Returns(risk.Task);

        var run = FundAnalysisOrchestration.RunAsync(context.Object, Input);
        Assert.Contains(nameof(AnalysisActivities.MeasurePerformance), calls);
        Assert.DoesNotContain(nameof(AnalysisActivities.BuildRecommendations), calls);

        risk.SetResult(Risk);
        await run;
        Assert.Contains(nameof(AnalysisActivities.BuildRecommendations), calls);
    }

    [Fact]
    public async Task RunAsync_LogsRunFailedAndRethrows_When_ANodeFails()
    {
        FailRunInput? failed = null;
        context.Setup(c => c.CallActivityAsync<RiskReport>(nameof(AnalysisActivities.ComputeRiskMetrics), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .ThrowsAsync(new ActivityFailedException(nameof(AnalysisActivities.ComputeRiskMetrics), typeof(InsufficientHistoryException).FullName!, "Only 12 common daily returns."));
        context.Setup(c => c.CallActivityAsync<bool>(nameof(AnalysisActivities.FailRun), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback<string, object?, ActivityRetryPolicy?>((_, input, _) => failed = (FailRunInput)input!)
            .ReturnsAsync(true);

        await Assert.ThrowsAsync<ActivityFailedException>(() => FundAnalysisOrchestration.RunAsync(context.Object, Input));

        Assert.NotNull(failed);
        Assert.Equal("insufficient_history", failed.Code);
        Assert.Equal(Run, failed.Run);
        context.Verify(c => c.CallActivityAsync<AdviceResult>(nameof(AnalysisActivities.StreamAdvisorReply), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()), Times.Never);
        context.Verify(c => c.CallActivityAsync<bool>(nameof(AnalysisActivities.CompleteRun), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_PassesTheRequestsPersonaAndProfile_ToTheLaterNodes()
    {
        var later = CaptureLaterNodeInputs();

        await FundAnalysisOrchestration.RunAsync(context.Object, Input);

        Assert.Equal("growth", later.Recommendations!.RiskProfile);
        Assert.Equal(("analyst", "en", "growth"), (later.Advisor!.Persona, later.Advisor.Language, later.Advisor.RiskProfile));
        Assert.Same(Risk, later.Advisor.Risk);
    }

    [Fact]
    public async Task RunAsync_PassesThePerformanceFiguresWithoutTheDrawdownCurve_ToTheLaterNodes_And_KeepsItInTheOutput()
    {
        var curve = new[] { new DrawdownPoint(new DateOnly(2025, 9, 30), -0.05, -0.04), new DrawdownPoint(new DateOnly(2025, 10, 1), -0.02, -0.01) };
        var performance = Performance with { MaxDrawdownSinceStart = -0.2, DrawdownCurve = curve };
        Returns(nameof(AnalysisActivities.MeasurePerformance), performance);
        var later = CaptureLaterNodeInputs();

        var output = await FundAnalysisOrchestration.RunAsync(context.Object, Input);

        Assert.Equal(performance with { DrawdownCurve = null }, later.Recommendations!.Performance);
        Assert.Equal(performance with { DrawdownCurve = null }, later.Advisor!.Performance);
        Assert.Same(performance, output.Performance);
    }

    /// <summary>Answers the recommendations and advisor nodes, keeping the inputs the orchestration gave them.</summary>
    private LaterNodeInputs CaptureLaterNodeInputs()
    {
        var later = new LaterNodeInputs();
        context.Setup(c => c.CallActivityAsync<AdviceResult>(nameof(AnalysisActivities.StreamAdvisorReply), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback<string, object?, ActivityRetryPolicy?>((_, input, _) => later.Advisor = (AdvisorInput)input!)
            .ReturnsAsync(Advice);
        context.Setup(c => c.CallActivityAsync<RecommendationList>(nameof(AnalysisActivities.BuildRecommendations), It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback<string, object?, ActivityRetryPolicy?>((_, input, _) => later.Recommendations = (RecommendationsInput)input!)
            .ReturnsAsync(Recommendations);
        return later;
    }

    private void Returns<T>(string name, T result) =>
        context.Setup(c => c.CallActivityAsync<T>(name, It.IsAny<object?>(), It.IsAny<ActivityRetryPolicy?>()))
            .Callback(() => calls.Add(name))
            .ReturnsAsync(result);

    private sealed class LaterNodeInputs
    {
        public AdvisorInput? Advisor { get; set; }

        public RecommendationsInput? Recommendations { get; set; }
    }
}
