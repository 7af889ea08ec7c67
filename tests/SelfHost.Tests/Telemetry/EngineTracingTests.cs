using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using PortfolioAdvisor.SelfHost.Tests.Orchestration;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.Tests.Telemetry;

/// <summary>The embedded engine's spans across a crash: the resumed execution continues the start request's trace, and replayed activities get no span.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class EngineTracingTests : IDisposable
{
    private static readonly ActivitySource Requests = new("PortfolioAdvisor.Tests.Requests");
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"engine-trace-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task ResumedOrchestration_ContinuesTheStartRequestsTrace_AndReplayedActivitiesGetNoSpan()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(AdvisorTelemetry.Name, Requests.Name).AddInMemoryExporter(spans).Build();
        var cStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var steps = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AdvisorTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => { if (a.OperationName == "activity:C") { cStarted.TrySetResult(); } },
            ActivityStopped = a => { if (a.OperationName == "activity:B") { bEnded.TrySetResult(); } },
        };
        ActivitySource.AddActivityListener(steps);
        var id = $"t-{Guid.NewGuid():N}";

        var before = new TestActivities { HoldC = new TaskCompletionSource() };
        var harness = new EngineHarness(databasePath, before);
        await harness.Engine.StartAsync(default);
        ActivitySpanId requestSpan;
        using (var request = Requests.StartActivity("POST /api/analyses"))
        {
            requestSpan = request!.SpanId;
            harness.Engine.ScheduleNew(EngineHarness.Name, id, "alice", "x");
        }

        await Task.WhenAll(cStarted.Task, bEnded.Task).WaitAsync(TimeSpan.FromSeconds(30));
        // The host dies with C in flight.
        await harness.Engine.StopAsync(default);
        await harness.DisposeAsync();

        await using (var restarted = new EngineHarness(databasePath, new TestActivities()))
        {
            await restarted.Engine.StartAsync(default);
            await restarted.Engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal("Completed", restarted.Store.Find(id)!.Status);
        }

        tracing.ForceFlush();
        var request1 = Assert.Single(spans, s => s.SpanId == requestSpan);
        Assert.Equal(id, request1.GetTagItem(AdvisorTelemetry.RunId));
        var run = spans.Where(s => Equals(s.GetTagItem(AdvisorTelemetry.RunId), id)).ToArray();
        var orchestrations = run.Where(s => s.OperationName == $"orchestration:{EngineHarness.Name}").ToArray();
        Assert.Equal(2, orchestrations.Length);
        Assert.All(orchestrations, o => Assert.Equal(requestSpan, o.ParentSpanId));
        Assert.All(orchestrations, o => Assert.Equal(request1.TraceId, o.TraceId));
        Assert.Equal([false, true], orchestrations.OrderBy(o => o.StartTimeUtc).Select(o => (bool)o.GetTagItem("advisor.orchestration.resumed")!));
        var activities = run.Where(s => s.OperationName.StartsWith("activity:", StringComparison.Ordinal)).ToArray();
        Assert.All(activities, a => Assert.Contains(orchestrations, o => o.SpanId == a.ParentSpanId));
        Assert.Equal(
            ["activity:A", "activity:B", "activity:C", "activity:C", "activity:D"],
            activities.Select(a => a.OperationName).Order(StringComparer.Ordinal));
        var resumed = orchestrations.Single(o => (bool)o.GetTagItem("advisor.orchestration.resumed")!);
        Assert.Equal(["activity:C", "activity:D"], activities.Where(a => a.ParentSpanId == resumed.SpanId).Select(a => a.OperationName).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }
}
