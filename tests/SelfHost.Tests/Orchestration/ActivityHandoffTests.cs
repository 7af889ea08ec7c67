using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Storage;

namespace PortfolioAdvisor.SelfHost.Tests.Orchestration;

/// <summary>
/// The engine hands an activity in this process the orchestration's object and its result object back, and stores the
/// result's JSON; after a restart, replay reads that JSON and the run ends as it would have.
/// </summary>
public sealed class ActivityHandoffTests : IDisposable
{
    private const string Name = "HandoffOrchestration";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"handoff-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task ResultObject_IsHandedOn_And_ItsJsonIsStored_When_TheActivityRunsInProcess()
    {
        var activities = new HandoffActivities();
        await using var provider = Build(activities);
        var engine = provider.GetRequiredService<EmbeddedOrchestrationEngine>();
        var store = provider.GetRequiredService<OrchestrationStore>();
        await engine.StartAsync(default);

        engine.ScheduleNew(Name, "h1", "alice", new Sample("fund", [0.1, 0.2, 1.0 / 3]));
        await engine.WaitForCompletionAsync("h1", Timeout, default);

        Assert.Equal(RuntimeStatuses.Completed, store.Find("h1")!.Status);
        var summary = Assert.Single(activities.Summaries);
        Assert.Same(summary, Assert.Single(activities.Finished));
        Assert.Equal(JsonSerializer.Serialize(summary, ActivityRegistry.Json), store.LoadHistory("h1")[0].Result);

        // An input that is not of the activity's type (an anonymous object) takes the JSON round trip instead.
        var converted = activities.Inputs[1];
        Assert.Equal("other", converted.Name);
        Assert.Equal([1.0, 3.0], converted.Values);
    }

    [Fact]
    public async Task Replay_ReadsTheStoredResult_When_TheHostRestartsAfterTheActivityCompleted()
    {
        var before = new HandoffActivities { HoldFinish = new TaskCompletionSource() };
        var first = Build(before);
        var engine = first.GetRequiredService<EmbeddedOrchestrationEngine>();
        await engine.StartAsync(default);
        engine.ScheduleNew(Name, "h2", "alice", new Sample("fund", [0.1, 0.2, 1.0 / 3]));

        // The host dies with Finish in flight, after both Summarize calls completed.
        await before.FinishStarted.Task.WaitAsync(Timeout);
        await engine.StopAsync(default);
        await first.DisposeAsync();

        var after = new HandoffActivities();
        await using var restarted = Build(after);
        var resumed = restarted.GetRequiredService<EmbeddedOrchestrationEngine>();
        var store = restarted.GetRequiredService<OrchestrationStore>();
        await resumed.StartAsync(default);
        await after.FinishStarted.Task.WaitAsync(Timeout);
        await resumed.WaitForCompletionAsync("h2", Timeout, default);

        var instance = store.Find("h2")!;
        Assert.Equal(RuntimeStatuses.Completed, instance.Status);
        Assert.Empty(after.Summaries);
        var original = Assert.Single(before.Summaries);
        var replayed = Assert.Single(after.Finished);
        Assert.NotSame(original, replayed);
        Assert.Equal(original.Name, replayed.Name);
        Assert.Equal(original.Mean, replayed.Mean);
        Assert.Equal(original.Values, replayed.Values);
        Assert.Equal(JsonSerializer.Serialize(new Finish(original.Mean, 3), PortfolioAdvisor.Streaming.EventJson.StatusOptions), instance.Output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private static async Task<Finish> OrchestrateAsync(IOrchestrationContext context, Sample input)
    {
        var summary = await context.CallActivityAsync<Summary>(nameof(HandoffActivities.Summarize), input);
        await context.CallActivityAsync<Summary>(nameof(HandoffActivities.Summarize), new { name = "other", values = new[] { 1.0, 3.0 } });
        return await context.CallActivityAsync<Finish>(nameof(HandoffActivities.FinishAsync), summary);
    }

    private ServiceProvider Build(HandoffActivities activities)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment());
        services.AddSingleton(Options.Create(new StorageOptions { DatabasePath = databasePath }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<OrchestrationStore>();
        services.AddSingleton(activities);
        services.AddSingleton(sp => new ActivityRegistry(sp)
            .Add<HandoffActivities, Sample, Summary>(nameof(HandoffActivities.Summarize), (a, i, ct) => Task.FromResult(a.Summarize(i)))
            .Add<HandoffActivities, Summary, Finish>(nameof(HandoffActivities.FinishAsync), (a, i, ct) => a.FinishAsync(i, ct)));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<EmbeddedOrchestrationEngine>(sp)
            .AddOrchestrator<Sample, Finish>(Name, OrchestrateAsync));
        return services.BuildServiceProvider();
    }

    internal sealed record Sample(string Name, IReadOnlyList<double> Values);

    internal sealed record Summary(string Name, double Mean, IReadOnlyList<double> Values);

    internal sealed record Finish(double Mean, int Count);

    /// <summary>Activities that keep what they were given and returned; <see cref="FinishAsync"/> can be held.</summary>
    internal sealed class HandoffActivities
    {
        public List<Sample> Inputs { get; } = [];

        public List<Summary> Summaries { get; } = [];

        public List<Summary> Finished { get; } = [];

        public TaskCompletionSource FinishStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? HoldFinish { get; init; }

        public Summary Summarize(Sample input)
        {
            var summary = new Summary(input.Name, input.Values.Average(), input.Values);
            lock (Inputs)
            {
                Inputs.Add(input);
                if (input.Name == "fund")
                {
                    Summaries.Add(summary);
                }
            }

            return summary;
        }

        public async Task<Finish> FinishAsync(Summary input, CancellationToken cancellationToken)
        {
            lock (Inputs)
            {
                Finished.Add(input);
            }

            FinishStarted.TrySetResult();
            if (HoldFinish is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            return new Finish(input.Mean, input.Values.Count);
        }
    }
}
