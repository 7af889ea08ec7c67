using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Advisor;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// The Azure host's <see cref="IAnalysisRuns"/>: Durable Functions through the request's <see cref="DurableTaskClient"/>
/// (bound per invocation by <c>[DurableClient]</c>), owners in the Table registry. A terminated run's output is rebuilt
/// from its input and log (<see cref="TerminatedRunOutput"/>): Durable keeps activity results only in its history.
/// A conversation's turn (an instance of <see cref="ConversationTurnOrchestration"/>) is a run too: its status serves
/// its <see cref="TurnOutput"/> once completed, the partial one once terminated (<see cref="TerminatedTurnOutput"/>).
/// </summary>
public sealed class DurableAnalysisRuns(DurableTaskClient client, IRunRegistry registry, IRunEventLog log, TerminatedRunOutput terminated, IChatModel model)
    : IAnalysisRuns
{
    // run_completed is logged by the CompleteRun activity just before the orchestration returns, so a client reacting
    // to it may ask before Durable has checkpointed Completed; waiting this long covers that gap.
    private static readonly TimeSpan CompletionGrace = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<OwnedRun?> FindAsync(string runId, CancellationToken cancellationToken) =>
        await registry.FindAsync(runId, cancellationToken).ConfigureAwait(false) is { } run ? new OwnedRun(run.RunId, run.OwnerId) : null;

    /// <inheritdoc />
    /// <remarks>One query of the task hub's Pending and Running instances (with inputs when counting one owner's).</remarks>
    public async Task<int> CountInFlightAsync(string? ownerId, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            FetchInputsAndOutputs = ownerId is not null,
        };
        var count = 0;
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (ownerId is null || instance.ReadInputAs<AnalysisInput>()?.Run.OwnerId == ownerId)
            {
                count++;
            }
        }

        return count;
    }

    /// <inheritdoc />
    public async Task ScheduleAsync(AnalysisInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await registry.RegisterAsync(input.Run.RunId, input.Run.OwnerId, cancellationToken).ConfigureAwait(false);
        await client.ScheduleNewOrchestrationInstanceAsync(
            FundAnalysisOrchestration.Name, input, new StartOrchestrationOptions(input.Run.RunId), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunStatusResponse?> GetStatusAsync(OwnedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var metadata = await client.GetInstanceAsync(run.Id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        if (!metadata.IsCompleted && await registry.FindAsync(run.Id, cancellationToken).ConfigureAwait(false) is { Terminal: true })
        {
            metadata = await WaitBrieflyAsync(metadata, cancellationToken).ConfigureAwait(false);
        }

        var status = ContractStatus(metadata.RuntimeStatus);
        var turn = metadata.Name == ConversationTurnOrchestration.Name;
        object? output = status switch
        {
            RuntimeStatuses.Completed when metadata.SerializedOutput is not null && turn => metadata.ReadOutputAs<TurnOutput>(),
            RuntimeStatuses.Completed when metadata.SerializedOutput is not null => metadata.ReadOutputAs<AnalysisOutput>(),
            RuntimeStatuses.Terminated when turn => await TerminatedTurnAsync(metadata, cancellationToken).ConfigureAwait(false),
            RuntimeStatuses.Terminated => await TerminatedOutputAsync(metadata, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
        return new RunStatusResponse(
            metadata.InstanceId,
            status,
            metadata.CreatedAt.UtcDateTime,
            metadata.LastUpdatedAt.UtcDateTime,
            metadata.SerializedCustomStatus is null ? null : Element(metadata.ReadCustomStatusAs<RunProgress>()),
            output is null ? null : Element(output));
    }

    /// <inheritdoc />
    public Task TerminateAsync(OwnedRun run, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return client.TerminateInstanceAsync(run.Id, reason, cancellationToken);
    }

    /// <summary>
    /// The contract's five status names. Durable's other states are transient or unused here: a suspended or
    /// continued-as-new run is still running, and a canceled one has been ended by request like a terminated one.
    /// </summary>
    public static string ContractStatus(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => RuntimeStatuses.Pending,
        OrchestrationRuntimeStatus.Completed => RuntimeStatuses.Completed,
        OrchestrationRuntimeStatus.Failed => RuntimeStatuses.Failed,
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but may still be reported by older backends.
        OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled => RuntimeStatuses.Terminated,
#pragma warning restore CS0618
        _ => RuntimeStatuses.Running,
    };

    private async Task<AnalysisOutput?> TerminatedOutputAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken) =>
        metadata.ReadInputAs<AnalysisInput>() is { } input
            ? terminated.Rebuild(input, await log.ReadAsync(metadata.InstanceId, 0, cancellationToken).ConfigureAwait(false), model.Name)
            : null;

    private async Task<TurnOutput?> TerminatedTurnAsync(OrchestrationMetadata metadata, CancellationToken cancellationToken) =>
        metadata.ReadInputAs<TurnInput>() is { } input
            ? TerminatedTurnOutput.Rebuild(input, await log.ReadAsync(metadata.InstanceId, 0, cancellationToken).ConfigureAwait(false), model.Name)
            : null;

    private async Task<OrchestrationMetadata> WaitBrieflyAsync(OrchestrationMetadata current, CancellationToken cancellationToken)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(CompletionGrace);
        try
        {
            return await client.WaitForInstanceCompletionAsync(current.InstanceId, getInputsAndOutputs: true, grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return current;
        }
    }

    private static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value, EventJson.StatusOptions);
}
