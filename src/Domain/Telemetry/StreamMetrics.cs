using System.Diagnostics.Metrics;

namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// The delivery-side figures: events delivered per transport, streams open now, tokens per <c>token</c> frame
/// (the coalescing ratio) and time per token of each streamed message. Each method records with at most one tag,
/// passed as a <see cref="KeyValuePair{TKey, TValue}"/>, so nothing is allocated per call.
/// </summary>
public static class StreamMetrics
{
    private static readonly Counter<long> Delivered = AdvisorTelemetry.Meter.CreateCounter<long>(
        "advisor.events.delivered", "{event}", "Run events written to a transport (SignalR: sent to the owner's group; SSE: written to a stream; JSON: returned by events?after=).");

    private static readonly UpDownCounter<long> Active = AdvisorTelemetry.Meter.CreateUpDownCounter<long>(
        "advisor.streams.active", "{stream}", "Event streams open now: SSE responses and SignalR hub connections.");

    private static readonly Histogram<int> TokensPerFrame = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.stream.coalescing_ratio", "{token}", "Model tokens (deltas) joined into one token frame; sum/count is the coalescing ratio.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = Buckets.PerFrame });

    private static readonly Histogram<double> TimePerToken = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.stream.time_per_token", "s", "Mean time between a streamed message's tokens as they reach the coalescer, one value per message of two or more tokens.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.PerToken });

    /// <summary><paramref name="count"/> events were delivered over <paramref name="transport"/> (one of <see cref="AdvisorTelemetry.Transports"/>).</summary>
    public static void EventsDelivered(string transport, int count)
    {
        if (count > 0)
        {
            Delivered.Add(count, new KeyValuePair<string, object?>(AdvisorTelemetry.Transport, transport));
        }
    }

    /// <summary>A stream over <paramref name="transport"/> opened.</summary>
    public static void StreamOpened(string transport) =>
        Active.Add(1, new KeyValuePair<string, object?>(AdvisorTelemetry.Transport, transport));

    /// <summary>A stream over <paramref name="transport"/> closed.</summary>
    public static void StreamClosed(string transport) =>
        Active.Add(-1, new KeyValuePair<string, object?>(AdvisorTelemetry.Transport, transport));

    /// <summary>A token frame joining <paramref name="tokens"/> deltas left the coalescer.</summary>
    internal static void FrameSent(int tokens) => TokensPerFrame.Record(tokens);

    /// <summary>A streamed message's tokens came <paramref name="seconds"/> apart on average.</summary>
    internal static void MessageStreamed(double seconds) => TimePerToken.Record(seconds);
}
