namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>The contract's SignalR names (public contract, "SignalR").</summary>
public static class AdvisorHub
{
    /// <summary>The hub clients connect to.</summary>
    public const string Name = "advisor";

    /// <summary>The client method called with one event object.</summary>
    public const string RunEventMethod = "runEvent";

    /// <summary>
    /// The app-setting prefix of the SignalR connection, shared by the negotiate binding and the Management SDK:
    /// a connection string, or <c>__serviceUri</c>, <c>__credential</c>, <c>__clientId</c> for a managed identity.
    /// </summary>
    public const string ConnectionSetting = "AzureSignalRConnectionString";
}
