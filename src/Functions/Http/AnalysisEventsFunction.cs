using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Functions.Storage;
using PortfolioAdvisor.Streaming;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>GET /api/analyses/{id}/events</c>: the run's events with seq greater than <c>after</c>, as a JSON array, or as
/// Server-Sent Events when the client accepts <c>text/event-stream</c>.
/// </summary>
public sealed class AnalysisEventsFunction(IRunRegistry runs, IRunEventLog log, EventStreamWriter stream)
{
    /// <summary>Answers the events of run <paramref name="id"/>.</summary>
    [Function(nameof(GetAnalysisEvents))]
    public async Task GetAnalysisEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analyses/{id}/events")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Caller.Find(request) is not { } callerId)
        {
            await ApiProblems.Unauthorized().ExecuteAsync(request.HttpContext).ConfigureAwait(false);
            return;
        }

        var run = await runs.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (run is null || !run.IsOwnedBy(callerId))
        {
            await ApiProblems.RunNotFound(id).ExecuteAsync(request.HttpContext).ConfigureAwait(false);
            return;
        }

        var after = ParseSeq(request.Query["after"]);
        if (WantsEventStream(request))
        {
            // Last-Event-ID (sent by EventSource on reconnect) wins over ?after= when it is further along.
            after = Math.Max(after, ParseSeq(request.Headers["Last-Event-ID"]));
            await stream.WriteAsync(request.HttpContext, id, after, cancellationToken).ConfigureAwait(false);
            return;
        }

        var events = await log.ReadAsync(id, after, cancellationToken).ConfigureAwait(false);
        StreamMetrics.EventsDelivered(AdvisorTelemetry.Transports.Json, events.Count);
        var array = "[" + string.Join(',', events.Select(e => e.Json)) + "]";
        await Results.Content(array, "application/json").ExecuteAsync(request.HttpContext).ConfigureAwait(false);
    }

    private static bool WantsEventStream(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private static long ParseSeq(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0;
}
