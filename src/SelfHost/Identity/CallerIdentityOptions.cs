namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// How the self-host learns who calls (section <c>Identity</c>). Bearer-token settings are ASP.NET Core's own,
/// under <c>Authentication:Schemes:Bearer</c> (see <see cref="BearerTokens"/>).
/// </summary>
public sealed class CallerIdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>
    /// One of <see cref="IdentityModes.All"/>. Default <see cref="IdentityModes.Development"/>: the
    /// <c>x-ms-client-principal-id</c> header, accepted only while the server listens on loopback addresses alone.
    /// </summary>
    public string Mode { get; set; } = IdentityModes.Development;

    /// <summary>The proxy's header and address ranges, for <see cref="IdentityModes.TrustedHeader"/>.</summary>
    public TrustedHeaderOptions TrustedHeader { get; set; } = new();

    /// <summary>What the page needs for its sign-in in <see cref="IdentityModes.Bearer"/> (none of it secret).</summary>
    public SignInOptions SignIn { get; set; } = new();
}

/// <summary>A reverse proxy that authenticates users and names them in a header (section <c>Identity:TrustedHeader</c>).</summary>
public sealed class TrustedHeaderOptions
{
    /// <summary>The header the proxy sets, e.g. <c>X-Forwarded-User</c> (oauth2-proxy) or <c>x-ms-client-principal-id</c>. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The proxy's address ranges in CIDR notation (e.g. <c>10.0.0.5/32</c>, <c>fd00::/8</c>); the header is believed only
    /// from a peer inside one of them. At least one is required.
    /// </summary>
    public IList<string> Proxies { get; } = [];
}

/// <summary>The page's OpenID Connect sign-in (authorization code with PKCE, section <c>Identity:SignIn</c>).</summary>
public sealed class SignInOptions
{
    /// <summary>The public client (SPA) registered at the issuer; without it the page offers only pasting a token.</summary>
    public string? ClientId { get; set; }

    /// <summary>Scopes the page asks for, space-separated. Default <c>openid</c>; with Entra ID, the API's scope (e.g. <c>api://…/user_impersonation</c>).</summary>
    public string Scope { get; set; } = "openid";

    /// <summary>The issuer the page signs in at. Default: <c>Authentication:Schemes:Bearer:Authority</c>.</summary>
    public string? Authority { get; set; }
}
