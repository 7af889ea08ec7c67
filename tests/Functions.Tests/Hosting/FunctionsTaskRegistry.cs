using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// Registers the Functions app's own orchestrator and activity functions with a Durable Task worker, found as the
/// Functions host finds them: every <c>[Function]</c> method with an <c>[OrchestrationTrigger]</c> or
/// <c>[ActivityTrigger]</c> parameter, under the function's name. Activities are created per invocation with
/// constructor injection from the worker's services (the Functions worker's default activator does the same), so a new
/// activity in <c>src/Functions</c> is hosted here without a change to the tests.
/// </summary>
public static class FunctionsTaskRegistry
{
    /// <summary>The orchestrator and activity functions of <paramref name="assembly"/>, by name.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> Find(Assembly assembly, Type triggerAttribute)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetParameters().Any(p => p.IsDefined(triggerAttribute)))
            .ToDictionary(method => method.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.Ordinal);
    }

    /// <summary>Adds every orchestrator and activity function of <paramref name="assembly"/> to <paramref name="registry"/>.</summary>
    /// <remarks>
    /// Orchestrators get a <see cref="FunctionsStyleOrchestrationContext"/> over <paramref name="converter"/> and the
    /// logger factory <paramref name="loggerFactory"/> returns once the host is built.
    /// </remarks>
    public static DurableTaskRegistry AddFunctionsOf(
        this DurableTaskRegistry registry, Assembly assembly, ActivityInvocations invocations, DataConverter converter, Func<ILoggerFactory> loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, method) in Find(assembly, typeof(OrchestrationTriggerAttribute)))
        {
            registry.AddOrchestrator(name, () => new FunctionOrchestrator(method, converter, loggerFactory));
        }

        foreach (var (name, method) in Find(assembly, typeof(ActivityTriggerAttribute)))
        {
            registry.AddActivity(name, services => new FunctionActivity(services, name, method, invocations));
        }

        return registry;
    }

    // Exceptions reach Durable as the function threw them (their type names the failure, e.g. insufficient history).
    private static object? Invoke(MethodInfo method, object? target, object?[] arguments) =>
        method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);

    private static async Task<object?> ResultOf(object? returned)
    {
        if (returned is not Task task)
        {
            return returned;
        }

        await task.ConfigureAwait(true);
        return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : typeof(object);

    // Registered without an input type, as the Durable extension registers orchestrator functions: the function reads
    // its input itself (context.GetInput<T>()).
    private sealed class FunctionOrchestrator(MethodInfo method, DataConverter converter, Func<ILoggerFactory> loggerFactory) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            ResultOf(Invoke(method, null, [new FunctionsStyleOrchestrationContext(context, converter, loggerFactory())]));
    }

    private sealed class FunctionActivity(IServiceProvider services, string name, MethodInfo method, ActivityInvocations invocations) : ITaskActivity
    {
        private readonly ParameterInfo[] parameters = method.GetParameters();

        public Type InputType => parameters.Single(p => p.IsDefined(typeof(ActivityTriggerAttribute))).ParameterType;

        public Type OutputType => ResultType(method);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var attempt = invocations.Record(context.InstanceId, name, input);
            try
            {
                await invocations.BeforeAsync(attempt).ConfigureAwait(false);
                using var scope = services.CreateScope();
                var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
                var arguments = parameters
                    .Select(p => p.ParameterType == typeof(CancellationToken) ? invocations.Stopping
                        : p.IsDefined(typeof(ActivityTriggerAttribute)) ? input
                        : scope.ServiceProvider.GetService(p.ParameterType))
                    .ToArray();
                var result = await ResultOf(Invoke(method, target, arguments)).ConfigureAwait(false);
                await invocations.AfterAsync(attempt).ConfigureAwait(false);
                return result;
            }
            finally
            {
                attempt.End();
            }
        }
    }
}
