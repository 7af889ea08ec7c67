using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// Activities and orchestrators by name, as the engine calls them: JSON in, JSON out, exactly as Durable Functions
/// serializes activity inputs and results, so what passes here would pass there.
/// </summary>
public sealed class ActivityRegistry(IServiceProvider services)
{
    /// <summary>The JSON options of inputs, results, custom status and output (Web defaults; nulls are written).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Func<string, CancellationToken, Task<string>>> activities = new(StringComparer.Ordinal);

    // Computations (the analyses) take turns on half the cores, so a burst of starts queues its analyses here instead
    // of taking every core from the token streams already running (docs/performance.md, the first start burst).
    private readonly SemaphoreSlim computations = new(Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>How many computations (see <see cref="AddComputation"/>) may run at once: half the processors, at least one.</summary>
    public int ComputationWidth { get; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Registers activity <paramref name="name"/> as a method of <typeparamref name="TService"/>.</summary>
    public ActivityRegistry Add<TService, TInput, TResult>(string name, Func<TService, TInput, CancellationToken, Task<TResult>> activity)
        where TService : notnull
    {
        activities[name] = async (input, cancellationToken) =>
        {
            var service = services.GetRequiredService<TService>();
            var typed = JsonSerializer.Deserialize<TInput>(input, Json)!;
            var result = await activity(service, typed, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Serialize(result, Json);
        };
        return this;
    }

    /// <summary>
    /// Registers a CPU-bound activity (an analysis): like <see cref="Add"/>, but at most <see cref="ComputationWidth"/>
    /// of them run at once, the rest wait in arrival order. Activities that mostly wait on I/O (the advisor's stream)
    /// are registered with <see cref="Add"/>.
    /// </summary>
    public ActivityRegistry AddComputation<TService, TInput, TResult>(string name, Func<TService, TInput, CancellationToken, Task<TResult>> activity)
        where TService : notnull
    {
        Add(name, activity);
        var unlimited = activities[name];
        activities[name] = async (input, cancellationToken) =>
        {
            await computations.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await unlimited(input, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                computations.Release();
            }
        };
        return this;
    }

    /// <summary>Runs activity <paramref name="name"/> on <paramref name="input"/> (JSON) and returns its result (JSON).</summary>
    /// <exception cref="InvalidOperationException">No activity has that name.</exception>
    public Task<string> InvokeAsync(string name, string input, CancellationToken cancellationToken) =>
        activities.TryGetValue(name, out var activity)
            ? activity(input, cancellationToken)
            : throw new InvalidOperationException($"No activity named '{name}' is registered.");
}
