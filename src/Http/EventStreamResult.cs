using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Http;

/// <summary>
/// A run's events as Server-Sent Events, each as <c>id: seq</c>, <c>event: type</c>, <c>data: JSON</c> in the contract's
/// order: first those after the cursor, then live ones as they are logged, ending after the terminal event. Written by
/// hand rather than with <c>TypedResults.ServerSentEvents</c> to keep the contract's field order and to send comment
/// heartbeats that keep idle proxies from closing a stream during a long pause.
/// </summary>
public sealed class EventStreamResult(string runId, long after, IRunEventLog log, IRunChangeSignal changes, TimeProvider time) : IResult
{
    /// <summary>How long a stream may stay silent before a heartbeat comment is sent.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private static int open;

    /// <summary>Streams open in this process (the Azure host's <c>activeConnections</c>: its hub connections live in SignalR Service).</summary>
    public static int OpenStreams => Volatile.Read(ref open);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = EventStreamResponse.Begin(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        Interlocked.Increment(ref open);
        System.Diagnostics.Activity.Current?.SetTag(AdvisorTelemetry.RunId, runId);
        StreamMetrics.StreamOpened(AdvisorTelemetry.Transports.Sse);
        try
        {
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            var last = after;
            var follower = new RunLogFollower(runId, log, changes, time, response);
            while (true)
            {
                var events = await follower.NextAsync(last, cancellationToken).ConfigureAwait(false);
                if (events.Count == 0)
                {
                    continue;
                }

                foreach (var stored in events)
                {
                    last = stored.Seq;
                    await response.WriteAsync(SseFrame.Format(stored), cancellationToken).ConfigureAwait(false);
                    StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.Sse, 1);
                    if (EventTypes.IsTerminal(stored.Type))
                    {
                        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }

                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                follower.Wrote();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the run goes on, and the client resumes with Last-Event-ID.
        }
        finally
        {
            Interlocked.Decrement(ref open);
            StreamMetrics.StreamClosed(AdvisorTelemetry.Transports.Sse);
        }
    }
}
