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
        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
            .AddInMemoryExporter(metrics)
            .Build();
        tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
            .AddInMemoryExporter(spans)
            .Build();
    }

    /// <summary>
    /// Exports what was recorded so far; returns the metric points named <paramref name="name"/> whose tag
    /// <paramref name="key"/> is <paramref name="value"/>, from every stream of that name in the export: each
    /// Microsoft.Extensions.AI client has a meter of its own under the same name, so one export can hold several.
    /// </summary>
    public IReadOnlyList<MetricPoint> Points(string name, string key, string value) =>
        [.. Export(name).SelectMany(m => m.MetricPoints).Where(p => Tags(p).TryGetValue(key, out var v) && Equals(v, value))];

    /// <summary>The unit of metric <paramref name="name"/>, or null when it was not exported.</summary>
    public string? Unit(string name) => Export(name).FirstOrDefault()?.Unit;

    /// <summary>Every span ended so far.</summary>
    public IReadOnlyList<Activity> Spans()
    {
        tracerProvider.ForceFlush();
        return [.. spans];
    }

    /// <summary>The metric streams named <paramref name="name"/> in a fresh export (cumulative, so each holds every point so far).</summary>
    private List<MetricSnapshot> Export(string name)
    {
        metrics.Clear();
        meterProvider.ForceFlush();
        return [.. metrics.Where(m => m.Name == name)];
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
