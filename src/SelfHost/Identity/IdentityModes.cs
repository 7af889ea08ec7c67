namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>The values of <c>Identity:Mode</c> and the authentication names they use.</summary>
public static class IdentityModes
{
    /// <summary>The header names the caller, unchecked; only on loopback (the README's first command).</summary>
    public const string Development = "development";

    /// <summary>JWT bearer tokens from an OpenID Connect issuer or configured signing keys; the header is ignored.</summary>
    public const string Bearer = "bearer";

    /// <summary>A configured header, believed only from the configured proxy address ranges.</summary>
    public const string TrustedHeader = "trusted-header";

    /// <summary>Every mode.</summary>
    public static readonly IReadOnlyList<string> All = [Development, Bearer, TrustedHeader];

    /// <summary>The authorization policy on the API group, negotiate and the hub: an authenticated caller with a <c>NameIdentifier</c> claim.</summary>
    public const string CallerPolicy = "caller";

    /// <summary>The default scheme: it forwards each request to the scheme of the mode (and, in header modes, the hub's tokens on the hub).</summary>
    internal const string CallerScheme = "Caller";

    /// <summary>The header scheme of <see cref="Development"/> and <see cref="TrustedHeader"/>.</summary>
    internal const string HeaderScheme = "Header";
}
