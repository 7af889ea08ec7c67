using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Who is calling: the <see cref="ClaimTypes.NameIdentifier"/> claim of <see cref="HttpContext.User"/>, which each host's
/// authentication sets (the self-host's identity modes; on Azure, <see cref="FromClientPrincipalHeader"/> applied to the
/// header App Service Authentication injects).
/// </summary>
public static class Caller
{
    /// <summary>The header App Service Authentication injects with the signed-in user's id (public contract, "Identity").</summary>
    public const string ClientPrincipalIdHeader = "x-ms-client-principal-id";

    /// <summary>The longest caller id accepted from <see cref="ClientPrincipalIdHeader"/>, in characters.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The caller's user id, or null when the request names no caller (answer <c>401</c>).</summary>
    public static string? Find(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id ? id : null;
    }

    /// <summary>
    /// The principal named by <see cref="ClientPrincipalIdHeader"/> (trimmed), authenticated as
    /// <paramref name="authenticationType"/>; null when the header is missing, blank, longer than
    /// <see cref="MaxIdLength"/> or holds a control character.
    /// </summary>
    public static ClaimsPrincipal? FromClientPrincipalHeader(HttpRequest request, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Headers[ClientPrincipalIdHeader].ToString().Trim();
        if (value.Length is 0 or > MaxIdLength || value.Any(char.IsControl))
        {
            return null;
        }

        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, value)], authenticationType));
    }
}
