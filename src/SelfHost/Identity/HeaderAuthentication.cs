using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>Which header names the caller, and from which peers it is believed.</summary>
public sealed class HeaderAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The header holding the caller's id (1 to 256 characters, no control characters).</summary>
    public string HeaderName { get; set; } = Http.CallerIdentity.Header;

    /// <summary>Whether a request from this peer address may name its caller by the header. Default: loopback peers only.</summary>
    public Func<IPAddress, bool> IsTrustedPeer { get; set; } = IPAddress.IsLoopback;
}

/// <summary>
/// The caller named by a header: in <see cref="IdentityModes.Development"/> the header App Service Authentication sets on
/// Azure, from loopback peers; in <see cref="IdentityModes.TrustedHeader"/> the proxy's header, from the proxy's ranges.
/// A request from any other peer, or without a usable header, is anonymous (and so answered <c>401</c>).
/// </summary>
public sealed class HeaderAuthenticationHandler(
    IOptionsMonitor<HeaderAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<HeaderAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The longest caller id accepted.</summary>
    public const int MaxLength = PortfolioAdvisor.Http.Caller.MaxIdLength;

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers[Options.HeaderName].ToString().Trim();
        if (value.Length is 0 or > MaxLength || value.Any(char.IsControl))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Context.Connection.RemoteIpAddress is not { } peer
            || !Options.IsTrustedPeer(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer))
        {
            return Task.FromResult(AuthenticateResult.Fail("The caller header came from a peer that is not trusted to set it."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, value)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
