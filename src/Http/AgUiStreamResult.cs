using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Http;

/// <summary>
/// One AG-UI run as Server-Sent Events (<c>data: JSON</c> and a blank line per event, as AG-UI's HTTP transport reads
/// them): the project run's log from its first event, then live events as <see cref="IRunChangeSignal"/> reports them,
/// each through <see cref="AgUiTranslator"/>, ending after the terminal event, as <see cref="EventStreamResult"/> follows
/// a run. For an analysis (<paramref name="snapshotOf"/> not null) the output of its status is sent as
/// <c>STATE_SNAPSHOT</c> <c>{ analysisId, output }</c> before <c>RUN_FINISHED</c>.
/// </summary>
public sealed class AgUiStreamResult(
    AgUiTranslator translator, string runId, string? snapshotOf, IAnalysisRuns runs, IRunEventLog log, IRunChangeSignal changes, TimeProvider time) : IResult
{
    /// <summary>How often the status is read while a completed run's output is not yet recorded (the engine records it just after <c>run_completed</c>).</summary>
    public static readonly TimeSpan OutputPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the output is waited for before the run finishes without a state snapshot.</summary>
    public static readonly TimeSpan OutputWait = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = EventStreamResponse.Begin(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        try
        {
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            long last = 0;
            var follower = new RunLogFollower(runId, log, changes, time, response);
            while (!translator.IsFinished)
            {
                var events = await follower.NextAsync(last, cancellationToken).ConfigureAwait(false);
                if (events.Count == 0)
                {
                    continue;
                }

                foreach (var stored in events)
                {
                    last = stored.Seq;
                    var state = stored.Type == EventTypes.RunCompleted && snapshotOf is not null
                        ? await SnapshotAsync(snapshotOf, cancellationToken).ConfigureAwait(false)
                        : null;
                    foreach (var agUi in translator.Translate(stored, state))
                    {
                        await response.WriteAsync($"data: {agUi.ToJsonString()}\n\n", cancellationToken).ConfigureAwait(false);
                    }

                    if (translator.IsFinished)
                    {
                        break;
                    }
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                follower.Wrote();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the run goes on and can be read from the analyses routes.
        }
    }

    private async Task<JsonNode?> SnapshotAsync(string analysisId, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(analysisId, cancellationToken).ConfigureAwait(false) is not { } run)
        {
            return null;
        }

        var started = time.GetTimestamp();
        while (true)
        {
            var status = await runs.GetStatusAsync(run, cancellationToken).ConfigureAwait(false);
            if (status is { RuntimeStatus: RuntimeStatuses.Completed, Output: { } output })
            {
                return new JsonObject { ["analysisId"] = analysisId, ["output"] = JsonNode.Parse(output.GetRawText()) };
            }

            if (status is not null && RuntimeStatuses.IsTerminal(status.RuntimeStatus) || time.GetElapsedTime(started) >= OutputWait)
            {
                return null;
            }

            // The engine gives no signal for its status, so the short gap between the terminal event and the recorded output is polled.
            await Task.Delay(OutputPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
