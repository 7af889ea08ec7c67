using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;
using PortfolioAdvisor.Tests.Fakes;

namespace PortfolioAdvisor.Tests.Telemetry;

/// <summary>Runs alone: the figures are process-wide and untagged by run, so no other test may record at the same time.</summary>
[CollectionDefinition(nameof(RunMetricsCollection), DisableParallelization = true)]
public sealed class RunMetricsCollection;

/// <summary>The run-side figures as <see cref="RunEventWriter"/> records them, for a turn.</summary>
[Collection(nameof(RunMetricsCollection))]
public sealed class RunMetricsTests
{
    [Fact]
    public async Task Writer_RecordsOneTimeToFirstTokenAndOneTerminatedTurn_WhenATurnStreamsThenIsTerminated()
    {
        using var capture = new TelemetryCapture();
        var writer = new RunEventWriter(new InMemoryRunEventLog(), new RecordingRunEventPublisher());
        var run = new RunContext($"turn-{Guid.NewGuid():N}", "alice");
        var collected = capture.Collect();
        var before = Count(collected, "advisor.runs", "terminated");
        var firstTokensBefore = Count(collected, "advisor.run.time_to_first_token", null);

        await writer.EmitAsync(run, new RunStarted([AnalysisNodes.Advisor]) { RunId = run.RunId }, EventTypes.RunStarted);
        await writer.EmitAsync(run, new TokenStreamed("analyst", "m0", "Hel") { RunId = run.RunId });
        await writer.EmitAsync(run, new TokenStreamed("analyst", "m0", "lo") { RunId = run.RunId });
        await writer.EmitAsync(run, new RunTerminated("interrupted") { RunId = run.RunId }, EventTypes.RunTerminated);
        // A repeated terminal event is dropped by the log as a duplicate (before its closed check) and counts nothing.
        Assert.Empty(await writer.EmitAsync(run, new RunTerminated("again") { RunId = run.RunId }, EventTypes.RunTerminated));

        collected = capture.Collect();
        Assert.Equal(before + 1, Count(collected, "advisor.runs", "terminated"));
        Assert.Equal(firstTokensBefore + 1, Count(collected, "advisor.run.time_to_first_token", null));
    }

    private static long Count(CollectedMetrics collected, string metric, string? outcome) =>
        collected.Points(metric, AdvisorTelemetry.RunKind, "turn")
            .Where(p => outcome is null || Equals(TelemetryCapture.Tags(p)[AdvisorTelemetry.RunOutcome], outcome))
            .Sum(p => metric == "advisor.runs" ? p.GetSumLong() : p.GetHistogramCount());
}
