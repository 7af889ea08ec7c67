namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>The contract's SignalR names (public contract, "SignalR").</summary>
public static class AdvisorHub
{
    /// <summary>The hub clients connect to.</summary>
    public const string Name = "advisor";

    /// <summary>The client method called with one event object.</summary>
    public const string RunEventMethod = "runEvent";

    /// <summary>
    /// The app-setting prefix of the SignalR connection read by <see cref="AdvisorHubContext"/>: a connection string, or
    /// <c>__serviceUri</c> and <c>__clientId</c> (a user-assigned identity; <c>DefaultAzureCredential</c> otherwise).
    /// </summary>
    public const string ConnectionSetting = "AzureSignalRConnectionString";
}
