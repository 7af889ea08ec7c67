using System.Text.Json;
using PortfolioAdvisor.SelfHost.Streaming;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Orchestration;

/// <summary>
/// Runs before the engine resumes unfinished instances: a host killed between terminate's <c>run_terminated</c> and its
/// status write leaves an instance Running whose log is closed. Resumed, it could only stop on the closed log and stay
/// Running for good; instead it is ended here as Terminated, with the reason and output terminate would have stored.
/// </summary>
public sealed class TerminatedRunRecovery(
    OrchestrationStore store, SqliteRunEventLog log, TerminatedOutput output, EmbeddedOrchestrationEngine engine, ILogger<TerminatedRunRecovery> logger)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var instance in store.FindUnfinished())
        {
            if (!log.IsClosed(instance.Id))
            {
                continue;
            }

            var events = await log.ReadAsync(instance.Id, 0, cancellationToken).ConfigureAwait(false);
            if (events[^1].Type != EventTypes.RunTerminated)
            {
                // Closed by run_completed or run_failed: the engine's replay finishes it from the history.
                continue;
            }

            using var terminated = JsonDocument.Parse(events[^1].Json);
            var reason = terminated.RootElement.GetProperty("reason").GetString() ?? "";
            logger.LogInformation("Run {RunId} was terminated before the host stopped; ending it as Terminated", instance.Id);
            engine.Terminate(instance.Id, reason, await output.BuildAsync(instance, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
