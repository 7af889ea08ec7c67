using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// Activities and orchestrators by name, as the engine calls them. An activity runs in this process, so it is handed
/// the orchestration's input object itself when that object is exactly the activity's input type (otherwise the input
/// takes the JSON round trip Durable Functions would give it), and its result object goes back to the orchestration
/// with the result's JSON, serialized once for the history row that replay reads after a restart.
/// </summary>
/// <remarks>
/// Skipping the input's JSON here does not loosen Durable's rule that inputs and results are JSON-serializable: the
/// Functions tests (tests/Functions.Tests) run the same orchestrations under the real Durable Task engine, which
/// serializes every input and result. Handing objects over shares them between the orchestration and the activity:
/// the messages are sealed records with read-only collections, and an orchestration that keeps growing a list hands
/// an activity a copy of it (as <c>ConversationTurnOrchestration</c> does with its exchanges).
/// </remarks>
public sealed class ActivityRegistry(IServiceProvider services)
{
    /// <summary>The JSON options of inputs, results, custom status and output (Web defaults; nulls are written).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Func<object?, CancellationToken, Task<ActivityResult>>> activities = new(StringComparer.Ordinal);

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
            var result = await activity(service, InputOf<TInput>(input), cancellationToken).ConfigureAwait(false);
            return new ActivityResult(result, JsonSerializer.Serialize(result, Json));
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

    /// <summary>
    /// Runs activity <paramref name="name"/> on <paramref name="input"/> (the orchestration's object, or null) and
    /// returns its result as an object and as JSON.
    /// </summary>
    /// <exception cref="InvalidOperationException">No activity has that name.</exception>
    /// <exception cref="JsonException">The input is not of the activity's input type and its JSON does not read as one.</exception>
    /// <exception cref="NotSupportedException">The input or the result cannot be serialized.</exception>
    public Task<ActivityResult> InvokeAsync(string name, object? input, CancellationToken cancellationToken) =>
        activities.TryGetValue(name, out var activity)
            ? activity(input, cancellationToken)
            : throw new InvalidOperationException($"No activity named '{name}' is registered.");

    // Only an object of exactly the input type is handed over: that is what deserializing its JSON would make (the
    // messages are sealed records), whereas a derived type or a list behind an interface would not come out the same.
    private static TInput InputOf<TInput>(object? input) =>
        input is TInput typed && input.GetType() == typeof(TInput)
            ? typed
            : JsonSerializer.Deserialize<TInput>(JsonSerializer.Serialize(input, Json), Json)!;
}
