using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.Telemetry;

/// <summary>OpenTelemetry for the self-host: traces, metrics and logs; OTLP when configured, Prometheus at <c>/metrics</c> when enabled.</summary>
public static class TelemetryExtensions
{
    /// <summary>The <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> names another.</summary>
    public const string ServiceName = "portfolio-advisor-selfhost";

    /// <summary>
    /// Listens to the project's source and meter (<see cref="AdvisorTelemetry.Name"/>), Microsoft.Extensions.AI's GenAI
    /// client, ASP.NET Core, HttpClient and the runtime. Exports over OTLP (all three signals) when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol, headers and the rest from the standard <c>OTEL_*</c>
    /// variables), and serves <c>/metrics</c> when <see cref="TelemetryOptions.PrometheusEndpoint"/> is on.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(ServiceName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        if (options.PrometheusEndpoint)
        {
            // No response cache: a scrape right after a run shows that run (the default caches 300 ms).
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
            builder.Services.AddSingleton<IStartupFilter, PrometheusEndpoint>();
        }

        return builder;
    }

    /// <summary>Puts the scrape endpoint first in the pipeline: before the page, CORS and rate limits, and anonymous.</summary>
    private sealed class PrometheusEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint();
            next(app);
        };
    }
}
