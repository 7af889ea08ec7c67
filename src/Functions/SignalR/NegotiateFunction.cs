using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.SignalR.Management;
using PortfolioAdvisor.Functions.Http;

namespace PortfolioAdvisor.Functions.SignalR;

/// <summary>
/// <c>POST /api/negotiate</c>: the SignalR Service URL and an access token for the caller, issued by the app's
/// long-lived hub context. The token's user id is the caller's <c>x-ms-client-principal-id</c> (set by App Service
/// Authentication), so a client cannot pick another user.
/// </summary>
/// <remarks>
/// Not the <c>SignalRConnectionInfoInput</c> binding: with <c>UserId = "{headers.x-ms-client-principal-id}"</c> the
/// host fails to bind when the header is missing ("Error while accessing 'x-ms-client-principal-id': property doesn't
/// exist", Azure/azure-functions-signalrservice-extension#58), so the caller would get a 500 before this code could
/// answer the contract's 401.
/// </remarks>
public sealed class NegotiateFunction(AdvisorHubContext hub)
{
    /// <summary>Answers the SignalR client's negotiate request with <c>{ url, accessToken }</c>.</summary>
    [Function(nameof(Negotiate))]
    public async Task Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "negotiate")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Caller.Find(request) is not { } callerId)
        {
            await ApiProblems.Unauthorized().ExecuteAsync(request.HttpContext).ConfigureAwait(false);
            return;
        }

        var context = await hub.GetAsync().ConfigureAwait(false);
        var negotiation = await context.NegotiateAsync(new NegotiationOptions { UserId = callerId }, cancellationToken).ConfigureAwait(false);
        var body = new { url = negotiation.Url, accessToken = negotiation.AccessToken };
        await TypedResults.Json(body).ExecuteAsync(request.HttpContext).ConfigureAwait(false);
    }
}
