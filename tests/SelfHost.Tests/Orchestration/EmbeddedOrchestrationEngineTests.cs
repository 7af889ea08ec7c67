using PortfolioAdvisor.Http;
using PortfolioAdvisor.SelfHost.Orchestration;

namespace PortfolioAdvisor.SelfHost.Tests.Orchestration;

public sealed class EmbeddedOrchestrationEngineTests : IDisposable
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"engine-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Orchestration_Completes_With_ActivitiesRunOnceAndFannedOut()
    {
        var activities = new TestActivities();
        await using var harness = new EngineHarness(databasePath, activities);
        await harness.Engine.StartAsync(default);

        harness.Engine.ScheduleNew(EngineHarness.Name, "i1", "alice", "x");
        var instance = await harness.WaitForEndAsync("i1", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        Assert.Equal("\"D(B(A(x))\\u002BC(A(x)))\"", instance.Output);
        Assert.All(["A", "B", "C", "D"], name => Assert.Equal(1, activities.Executions(name)));
        Assert.Equal(4, harness.Store.LoadHistory("i1").Count);
        Assert.Contains("fan-out", instance.CustomStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orchestration_ResumesAfterCrash_WithoutRerunningCompletedActivities()
    {
        var before = new TestActivities { HoldC = new TaskCompletionSource() };
        var harness = new EngineHarness(databasePath, before);
        await harness.Engine.StartAsync(default);
        harness.Engine.ScheduleNew(EngineHarness.Name, "i2", "alice", "x");
        await WaitUntilAsync(() => before.Executions("C") == 1 && harness.Store.LoadHistory("i2").Values.Any(h => h.Name == "B" && h.State == HistoryRecord.Completed));

        // The host dies with C in flight: nothing more is written for this instance.
        await harness.Engine.StopAsync(default);
        await harness.DisposeAsync();
        Assert.Equal(RuntimeStatuses.Running, new EngineHarness(databasePath, before).Store.Find("i2")!.Status);

        var after = new TestActivities();
        var logs = new CollectingLoggerProvider();
        await using var restarted = new EngineHarness(databasePath, after, logs);
        await restarted.Engine.StartAsync(default);
        var instance = await restarted.WaitForEndAsync("i2", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        Assert.Equal(0, after.Executions("A"));
        Assert.Equal(0, after.Executions("B"));
        Assert.Equal(1, after.Executions("C"));
        Assert.Equal(1, after.Executions("D"));
        var history = restarted.Store.LoadHistory("i2");
        Assert.Equal(2, history[2].Executions);
        Assert.Equal(1, history[0].Executions);
        // "after A" was logged before the crash; on replay the replay-safe logger stays silent.
        Assert.DoesNotContain("after A", logs.Lines);
        Assert.Contains("after B and C", logs.Lines);
    }

    [Fact]
    public async Task Activity_IsRetried_When_ItFailsWithinItsRetryPolicy()
    {
        var activities = new TestActivities { FailuresLeftForB = 1 };
        await using var harness = new EngineHarness(databasePath, activities);
        await harness.Engine.StartAsync(default);

        harness.Engine.ScheduleNew(EngineHarness.Name, "i3", "alice", "x");
        var instance = await harness.WaitForEndAsync("i3", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        Assert.Equal(2, activities.Executions("B"));
    }

    [Fact]
    public async Task Orchestration_Fails_When_AnActivityExhaustsItsRetries()
    {
        var activities = new TestActivities { FailuresLeftForB = 5 };
        await using var harness = new EngineHarness(databasePath, activities);
        await harness.Engine.StartAsync(default);

        harness.Engine.ScheduleNew(EngineHarness.Name, "i4", "alice", "x");
        var instance = await harness.WaitForEndAsync("i4", TimeSpan.FromSeconds(10));

        Assert.Equal(RuntimeStatuses.Failed, instance.Status);
        Assert.Contains("B failed on purpose", instance.Failure, StringComparison.Ordinal);
        Assert.Equal(0, activities.Executions("D"));
    }

    [Fact]
    public async Task Terminate_CancelsTheActivityInFlight_And_EndsTerminated()
    {
        var activities = new TestActivities { HoldC = new TaskCompletionSource() };
        await using var harness = new EngineHarness(databasePath, activities);
        await harness.Engine.StartAsync(default);
        harness.Engine.ScheduleNew(EngineHarness.Name, "i5", "alice", "x");
        await WaitUntilAsync(() => activities.Executions("C") == 1);

        Assert.True(harness.Engine.Terminate("i5", "stop"));
        await harness.Engine.WaitForCompletionAsync("i5", TimeSpan.FromSeconds(1), default);

        var instance = harness.Store.Find("i5")!;
        Assert.Equal(RuntimeStatuses.Terminated, instance.Status);
        Assert.Equal(0, harness.Engine.RunningCount);
        Assert.Equal(0, activities.Executions("D"));
        Assert.False(harness.Engine.Terminate("i5", "again"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), "Condition not met within 10 s.");
}
