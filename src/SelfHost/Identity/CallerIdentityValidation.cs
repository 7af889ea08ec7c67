using System.Net;
using Microsoft.Extensions.Options;

namespace PortfolioAdvisor.SelfHost.Identity;

/// <summary>
/// Refuses to start with an identity configuration that would let the wrong callers in, or none: an unknown mode, bearer
/// mode without an issuer (an authority, or signing keys for the valid issuer) or without an audience, trusted-header
/// mode without the header's name or the proxy's ranges. Each failure names the setting to add.
/// </summary>
public sealed class CallerIdentityValidation(IConfiguration configuration) : IValidateOptions<CallerIdentityOptions>
{
    /// <summary>ASP.NET Core's section of the bearer scheme.</summary>
    public const string BearerSection = "Authentication:Schemes:" + BearerTokens.SchemeName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CallerIdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Mode switch
        {
            IdentityModes.Development => [],
            IdentityModes.Bearer => BearerFailures(configuration.GetSection(BearerSection)),
            IdentityModes.TrustedHeader => TrustedHeaderFailures(options.TrustedHeader),
            _ => [$"Identity:Mode '{options.Mode}' is not one of {string.Join(", ", IdentityModes.All)} (see docs/security.md)."],
        };
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static List<string> BearerFailures(IConfigurationSection bearer)
    {
        var failures = new List<string>();
        var audiences = Values(bearer, "ValidAudiences", "ValidAudience");
        if (audiences.Count == 0)
        {
            failures.Add($"Identity:Mode is '{IdentityModes.Bearer}' but no audience is set: add {BearerSection}:ValidAudiences:0 (the API's application id URI or client id).");
        }

        if (string.IsNullOrWhiteSpace(bearer["Authority"]))
        {
            var issuers = Values(bearer, "ValidIssuers", "ValidIssuer");
            var keys = bearer.GetSection("SigningKeys").GetChildren().Where(key => issuers.Contains(key["Issuer"] ?? "")).ToList();
            if (issuers.Count == 0 || keys.Count == 0)
            {
                failures.Add($"Identity:Mode is '{IdentityModes.Bearer}' but no issuer is set: add {BearerSection}:Authority (an OpenID Connect issuer, e.g. " +
                    $"https://login.microsoftonline.com/<tenant>/v2.0) or {BearerSection}:ValidIssuer with {BearerSection}:SigningKeys:0:Issuer (the same) and :Value (base64, 32 bytes or more).");
            }

            failures.AddRange(keys.Where(key => !IsKey(key["Value"])).Select(key =>
                $"{key.Path}:Value must be base64 of at least 32 bytes (256 bits, the HMAC-SHA256 key size of RFC 7518)."));
        }

        return failures;
    }

    private static List<string> TrustedHeaderFailures(TrustedHeaderOptions trusted)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(trusted.Name))
        {
            failures.Add($"Identity:Mode is '{IdentityModes.TrustedHeader}' but Identity:TrustedHeader:Name (the header your proxy sets) is empty.");
        }

        if (trusted.Proxies.Count == 0)
        {
            failures.Add($"Identity:Mode is '{IdentityModes.TrustedHeader}' but Identity:TrustedHeader:Proxies lists no address range (CIDR, e.g. 10.0.0.5/32) of your proxy.");
        }

        failures.AddRange(trusted.Proxies.Where(range => !IPNetwork.TryParse(range, out _)).Select(range =>
            $"Identity:TrustedHeader:Proxies: '{range}' is not an address range in CIDR notation (e.g. 10.0.0.0/24)."));
        return failures;
    }

    private static List<string> Values(IConfigurationSection section, string many, string one)
    {
        var values = section.GetSection(many).GetChildren().Select(child => child.Value).OfType<string>().Where(v => v.Length > 0).ToList();
        if (section[one] is { Length: > 0 } single)
        {
            values.Add(single);
        }

        return values;
    }

    private static bool IsKey(string? base64)
    {
        var bytes = new byte[(base64?.Length ?? 0) * 3 / 4 + 3];
        return Convert.TryFromBase64String(base64 ?? "", bytes, out var written) && written >= 32;
    }
}
