using Microsoft.AspNetCore.Http;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// Streams a run's events as Server-Sent Events (<c>id:</c>, <c>event:</c>, <c>data:</c>): first what the client
/// missed, then new events as they are logged, ending after the terminal event. Azure Table storage has no change feed,
/// so new events are found by polling the partition every <see cref="PollInterval"/>; each poll is one range query
/// that usually returns nothing, and the interval bounds the added latency per event batch.
/// </summary>
public sealed class EventStreamWriter(IRunEventLog log)
{
    /// <summary>How often the log is read for new events: 250 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    // A comment line this often keeps proxies from closing an idle stream (e.g. while the model thinks).
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private static int active;

    /// <summary>SSE streams open on this instance (reported by the health endpoint).</summary>
    public static int ActiveStreams => Volatile.Read(ref active);

    /// <summary>Writes the stream of run <paramref name="runId"/> from seq <paramref name="afterSeq"/> on.</summary>
    public async Task WriteAsync(HttpContext httpContext, string runId, long afterSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, httpContext.RequestAborted);
        var token = linked.Token;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        Interlocked.Increment(ref active);
        StreamMetrics.StreamOpened(AdvisorTelemetry.Transports.Sse);
        try
        {
            await response.WriteAsync(": stream open\n\n", token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            var lastWrite = DateTimeOffset.UtcNow;
            while (!token.IsCancellationRequested)
            {
                var events = await log.ReadAsync(runId, afterSeq, token).ConfigureAwait(false);
                foreach (var stored in events)
                {
                    await response.WriteAsync(SseFrame.Format(stored), token).ConfigureAwait(false);
                    afterSeq = stored.Seq;
                    StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.Sse, 1);
                }

                if (events.Count > 0)
                {
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    lastWrite = DateTimeOffset.UtcNow;
                    if (EventTypes.IsTerminal(events[^1].Type))
                    {
                        return;
                    }
                }
                else if (DateTimeOffset.UtcNow - lastWrite > KeepAliveInterval)
                {
                    await response.WriteAsync(SseFrame.KeepAlive, token).ConfigureAwait(false);
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    lastWrite = DateTimeOffset.UtcNow;
                }

                await Task.Delay(PollInterval, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away or the host is stopping: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref active);
            StreamMetrics.StreamClosed(AdvisorTelemetry.Transports.Sse);
        }
    }
}
