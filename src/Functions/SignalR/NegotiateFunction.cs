using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Functions.Http;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>
/// <c>POST /api/negotiate</c>: the SignalR Service URL and an access token for the caller. The user id is bound by the
/// host from <c>x-ms-client-principal-id</c> (set by App Service Authentication), so a client cannot pick another user.
/// </summary>
/// <remarks>
/// The host binds before this code runs, and with the header missing the binding fails ("Error while accessing
/// 'x-ms-client-principal-id': property doesn't exist", Azure/azure-functions-signalrservice-extension#58), so the
/// caller gets a 500, not the contract's 401. On Azure, App Service Authentication answers 401 first (every route but
/// <c>/api/health</c> needs a token); only a local run without the header sees the 500. The check below covers a
/// header that is present but blank.
/// </remarks>
public static class NegotiateFunction
{
    /// <summary>Answers the SignalR client's negotiate request with <c>{ url, accessToken }</c>.</summary>
    [Function(nameof(Negotiate))]
    public static Task Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "negotiate")] HttpRequest request,
        [SignalRConnectionInfoInput(HubName = AdvisorHub.Name, UserId = "{headers.x-ms-client-principal-id}", ConnectionStringSetting = AdvisorHub.ConnectionSetting)] string connectionInfo)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = AppServiceCaller.Authenticate(request);
        var result = Caller.Find(http) is null
            ? ApiProblems.Unauthorized()
            : Results.Content(connectionInfo, "application/json");
        return result.ExecuteAsync(http);
    }
}
