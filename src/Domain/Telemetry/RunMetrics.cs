using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PortfolioAdvisor.Orchestration;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// The run-side figures, measured where every event passes (<see cref="RunEventWriter"/>): time to first token from
/// the run's start, run duration and runs by outcome, and one delivery span per logged batch that is not a lone
/// <c>token</c> frame. A run's clock starts at its <c>run_started</c> in this process; a run resumed after a restart,
/// or whose activities ran on another instance (Azure), has no start here, so its first token and duration are not
/// measured (its outcome still counts, with kind <c>unknown</c>). The clock is <see cref="Stopwatch"/>-based on
/// purpose: it only measures real elapsed time and changes no behaviour, so it needs no <see cref="TimeProvider"/>.
/// </summary>
public static class RunMetrics
{
    /// <summary>Runs whose start this process saw; more are not tracked (a bound on memory for runs that never end here).</summary>
    internal const int MaxTracked = 10_000;

    private static readonly ConcurrentDictionary<string, RunClock> Clocks = new(StringComparer.Ordinal);

    private static readonly Histogram<double> TimeToFirstToken = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.run.time_to_first_token", "s", "Time from a run's run_started event to its first token event.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.FirstToken });

    private static readonly Histogram<double> Duration = AdvisorTelemetry.Meter.CreateHistogram(
        "advisor.run.duration", "s", "Time from a run's run_started event to its terminal event.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Duration });

    private static readonly Counter<long> Runs = AdvisorTelemetry.Meter.CreateCounter<long>(
        "advisor.runs", "{run}", "Runs that ended, by kind and outcome.");

    /// <summary>Runs being tracked now.</summary>
    internal static int Tracked => Clocks.Count;

    /// <summary>
    /// A span for the delivery of <paramref name="drafts"/> (append to the log, then push), or null when nobody listens
    /// or the batch is one <c>token</c> frame (those are counted, not traced: a span per frame would cost more than the frame).
    /// </summary>
    public static Activity? StartDelivery(RunContext run, IReadOnlyList<EventDraft> drafts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(drafts);
        if (drafts.Count == 0 || (drafts.Count == 1 && drafts[0].Event is TokenStreamed) || !AdvisorTelemetry.Source.HasListeners())
        {
            return null;
        }

        var type = drafts[0].Event.Type;
        var span = AdvisorTelemetry.Source.StartActivity($"deliver {type}", ActivityKind.Producer);
        span?.SetTag(AdvisorTelemetry.RunId, run.RunId).SetTag(AdvisorTelemetry.EventType, type);
        return span;
    }

    /// <summary>
    /// Measures what was <paramref name="appended"/> for <paramref name="run"/> (call after the append, before the
    /// push, so a client that sees an event also sees its figures). Allocation-free for a <c>token</c> frame.
    /// </summary>
    public static void Observe(RunContext run, IReadOnlyList<EventDraft> drafts, IReadOnlyList<StoredEvent> appended, Activity? delivery = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(appended);
        delivery?.SetTag(AdvisorTelemetry.EventCount, appended.Count);
        for (var i = 0; i < appended.Count; i++)
        {
            var type = appended[i].Type;
            if (type == EventTypes.Token)
            {
                if (Clocks.TryGetValue(run.RunId, out var clock) && clock.TakeFirstToken())
                {
                    TimeToFirstToken.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>(AdvisorTelemetry.RunKind, clock.Kind));
                }
            }
            else if (type == EventTypes.RunStarted)
            {
                Started(run.RunId, drafts);
            }
            else if (EventTypes.IsTerminal(type))
            {
                Ended(run.RunId, type);
            }
        }
    }

    private static void Started(string runId, IReadOnlyList<EventDraft> drafts)
    {
        if (Clocks.Count >= MaxTracked)
        {
            return;
        }

        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i].Event is RunStarted started)
            {
                // The contract: a turn's run_started names only the advisor node.
                var kind = started.Nodes.Count == 1 && started.Nodes[0] == AnalysisNodes.Advisor ? "turn" : "analysis";
                Clocks[runId] = new RunClock(kind, Stopwatch.GetTimestamp());
                return;
            }
        }
    }

    private static void Ended(string runId, string type)
    {
        var outcome = type switch
        {
            EventTypes.RunCompleted => "completed",
            EventTypes.RunFailed => "failed",
            _ => "terminated",
        };
        var kind = "unknown";
        if (Clocks.TryRemove(runId, out var clock))
        {
            kind = clock.Kind;
            Duration.Record(clock.Elapsed.TotalSeconds,
                new KeyValuePair<string, object?>(AdvisorTelemetry.RunKind, kind), new KeyValuePair<string, object?>(AdvisorTelemetry.RunOutcome, outcome));
        }

        Runs.Add(1, new KeyValuePair<string, object?>(AdvisorTelemetry.RunKind, kind), new KeyValuePair<string, object?>(AdvisorTelemetry.RunOutcome, outcome));
    }

    private sealed class RunClock(string kind, long startedAt)
    {
        private int firstTokenSeen;

        public string Kind => kind;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(startedAt);

        public bool TakeFirstToken() => Volatile.Read(ref firstTokenSeen) == 0 && Interlocked.Exchange(ref firstTokenSeen, 1) == 0;
    }
}
