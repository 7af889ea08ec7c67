namespace PortfolioAdvisor.Functions.Storage;

/// <summary>
/// Where the run event log lives (configuration section <c>EventLog</c>). Either <see cref="ConnectionString"/>
/// (Azurite locally: <c>UseDevelopmentStorage=true</c>) or <see cref="TableServiceUri"/> with a managed identity
/// (<see cref="ClientId"/> for a user-assigned one) is set.
/// </summary>
public sealed class EventLogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "EventLog";

    /// <summary>A storage connection string; used when set (local runs). Default: none.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table service endpoint, e.g. <c>https://account.table.core.windows.net</c>. Default: none.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; null uses the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>The table holding every run's events. Default: <c>runevents</c>.</summary>
    public string TableName { get; set; } = "runevents";
}
