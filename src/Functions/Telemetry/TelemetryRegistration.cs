using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Functions.Telemetry;

/// <summary>OpenTelemetry for the Azure host: the same sources and meters as the self-host, exported to Azure Monitor and/or OTLP.</summary>
public static class TelemetryRegistration
{
    /// <summary>The Durable Task worker's activity source (spans <c>orchestration:{name}</c>, <c>activity:{name}</c>).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>The Functions worker's activity source (one span per invocation).</summary>
    public const string FunctionsWorkerSource = "Microsoft.Azure.Functions.Worker";

    /// <summary>
    /// Listens to the project's source and meter, Microsoft.Extensions.AI's GenAI client, Durable Task, the Functions
    /// worker and HttpClient, with the Functions worker's resource and duplicate-telemetry defaults. Exports to Azure
    /// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (both may be).
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var telemetry = builder.Services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName, DurableTaskSource, FunctionsWorkerSource)
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(AdvisorTelemetry.Name, AdvisorTelemetry.GenAISourceName)
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter();
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
