using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>The caller's identity, as App Service Authentication injects it in front of the Function App.</summary>
public static class Caller
{
    /// <summary>The header naming the caller (public contract, "Identity").</summary>
    public const string PrincipalIdHeader = "x-ms-client-principal-id";

    /// <summary>The caller's user id, or null when the header is missing or blank (answer 401).</summary>
    public static string? Find(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Headers[PrincipalIdHeader].ToString();
        return string.IsNullOrWhiteSpace(id) ? null : id;
    }
}
