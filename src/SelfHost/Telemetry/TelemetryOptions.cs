namespace PortfolioAdvisor.SelfHost.Telemetry;

/// <summary>The self-host's telemetry settings (section <c>Telemetry</c>); exporters are chosen by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Serve the metrics in the Prometheus text format at <c>/metrics</c>, anonymously. Default: false in code, true in
    /// the shipped <c>appsettings.json</c> (local runs); turn it off where the port is reachable from outside.
    /// </summary>
    public bool PrometheusEndpoint { get; set; }
}
