using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Tests.Telemetry;

/// <summary>The OpenTelemetry SDK listening to the project's and Microsoft.Extensions.AI's sources and meters, exporting to memory.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly List<MetricSnapshot> metrics = [];
    private readonly List<Activity> spans = [];
    private readonly MeterProvider meterProvider;
    private readonly TracerProvider tracerProvider;

    public TelemetryCapture()
    {
        // Exports happen only when a test collects: a periodic export could drop a shared stream mid-test (see Collect).
        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
            .AddInMemoryExporter(metrics, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = Timeout.Infinite)
            .Build();
        tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
            .AddInMemoryExporter(spans)
            .Build();
    }

    /// <summary>
    /// One export of everything recorded so far (cumulative). A test reads all it asserts from one collection taken after
    /// it recorded: each Microsoft.Extensions.AI client has a meter of its own under the same name, the SDK feeds their
    /// instruments into one stream, and once any of those meters is disposed (another test's client) the stream is
    /// exported one last time and then removed, so a second export would miss what this test recorded.
    /// </summary>
    public CollectedMetrics Collect()
    {
        metrics.Clear();
        meterProvider.ForceFlush();
        return new CollectedMetrics([.. metrics]);
    }

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        tracerProvider.ForceFlush();
        return [.. spans];
    }

    public static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    public void Dispose()
    {
        meterProvider.Dispose();
        tracerProvider.Dispose();
    }
}

/// <summary>The metric streams of one export.</summary>
internal sealed class CollectedMetrics(IReadOnlyList<MetricSnapshot> streams)
{
    /// <summary>The points of every stream named <paramref name="name"/> whose tag <paramref name="key"/> is <paramref name="value"/>.</summary>
    public IReadOnlyList<MetricPoint> Points(string name, string key, string value) =>
        [.. Streams(name).SelectMany(m => m.MetricPoints).Where(p => TelemetryCapture.Tags(p).TryGetValue(key, out var v) && Equals(v, value))];

    /// <summary>The unit of metric <paramref name="name"/>, or null when it was not exported.</summary>
    public string? Unit(string name) => Streams(name).FirstOrDefault()?.Unit;

    private IEnumerable<MetricSnapshot> Streams(string name) => streams.Where(m => m.Name == name);
}
