extern alias ModelServer;

using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ModelServer::PortfolioAdvisor.ModelServer;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PortfolioAdvisor.SelfHost.Orchestration;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Telemetry;

/// <summary>Runs one at a time: the project's source and meter are process-wide, so figures must come from one host.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// The self-host on Kestrel with its advisor on the local model server, and in-memory exporters added to its own
/// OpenTelemetry pipeline: every span, metric point and log record it exports lands here.
/// </summary>
internal sealed class TelemetryHost : SelfHostFactory
{
    // Initialized before the base constructor starts the server (field initializers run first).
    private readonly List<Activity> spans = [];
    private readonly List<string> metrics = [];
    private readonly List<string> logs = [];

    private TelemetryHost(ModelServerHost server, IDictionary<string, string?> settings)
        : base(settings) => ModelServer = server;

    /// <summary>The fake API key the host is configured with.</summary>
    public const string ApiKey = "sk-telemetry-P4wZ8kRq2Nv6Tx9Jm3Hc";

    /// <summary>The model server the advisor calls.</summary>
    public ModelServerHost ModelServer { get; }

    /// <summary>Starts a model server and a self-host whose advisor calls it with <see cref="ApiKey"/>.</summary>
    public static async Task<TelemetryHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = await ModelServerHost.StartAsync(new ModelServerOptions { TokensPerSecond = 400 });
        var all = new Dictionary<string, string?>
        {
            ["Advisor:Endpoint"] = server.ApiBaseUrl.ToString(),
            ["Advisor:Model"] = "test-model",
            ["Advisor:ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new TelemetryHost(server, all);
    }

    /// <summary>Starts a run of <paramref name="body"/>, reads its SSE stream to the end and waits for its orchestration to finish.</summary>
    public async Task<(string Id, IReadOnlyList<System.Net.ServerSentEvents.SseItem<string>> Frames)> RunAsync(string body)
    {
        using var client = CreateUserClient();
        var id = await RunClient.StartRunAsync(client, body);
        var frames = await SseClient.ReadAsync(client, id, timeout: TimeSpan.FromSeconds(60));
        await Services.GetRequiredService<EmbeddedOrchestrationEngine>().WaitForCompletionAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
        return (id, frames);
    }

    /// <summary>Every span exported so far.</summary>
    public Activity[] Spans()
    {
        Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (spans)
        {
            return [.. spans];
        }
    }

    /// <summary>Every metric exported so far (collected now), as its name, unit and each point's tags.</summary>
    public string[] Metrics()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (metrics)
        {
            return [.. metrics];
        }
    }

    /// <summary>Every log record exported so far: category, message, body, attributes, scopes and exception.</summary>
    public string[] Logs()
    {
        Services.GetRequiredService<LoggerProvider>().ForceFlush();
        lock (logs)
        {
            return [.. logs];
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services
            .Configure<OpenTelemetryLoggerOptions>(o => (o.IncludeFormattedMessage, o.IncludeScopes) = (true, true))
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(new Locked<Activity, Activity>(spans, a => a))))
            .ConfigureOpenTelemetryMeterProvider(meters => meters.AddReader(new BaseExportingMetricReader(new Locked<Metric, string>(metrics, Describe))))
            .ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(new Locked<LogRecord, string>(logs, Describe)))));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            ModelServer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // Metric points and log records are reused by the SDK after export: they are turned into text at once.
    private static string Describe(Metric metric)
    {
        var text = new System.Text.StringBuilder().Append(metric.Name).Append(' ').Append(metric.Unit).Append(' ').Append(metric.Description);
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }
        }

        return text.ToString();
    }

    private static string Describe(LogRecord record)
    {
        var text = new System.Text.StringBuilder().Append(record.CategoryName).Append(' ').Append(record.FormattedMessage).Append(' ').Append(record.Body);
        foreach (var (key, value) in record.Attributes ?? [])
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        record.ForEachScope((scope, state) =>
        {
            foreach (var (key, value) in scope)
            {
                state.Append(" scope ").Append(key).Append('=').Append(value);
            }
        }, text);
        return text.Append(' ').Append(record.Exception).ToString();
    }

    /// <summary>An exporter into a list, under its lock (the SDK exports from its own threads while tests read).</summary>
    private sealed class Locked<T, TItem>(List<TItem> items, Func<T, TItem> keep) : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            lock (items)
            {
                foreach (var item in batch)
                {
                    items.Add(keep(item));
                }
            }

            return ExportResult.Success;
        }
    }
}
