using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>
/// An offline issuer of the tests' own: a random HMAC-SHA256 key, configured on the self-host as
/// <c>Authentication:Schemes:Bearer:SigningKeys</c> (the shape <c>dotnet user-jwts</c> writes), and tokens minted with it.
/// </summary>
public sealed class TokenIssuer
{
    public const string Issuer = "advisor-tests";
    public const string Audience = "portfolio-advisor";

    private static readonly JsonWebTokenHandler Handler = new();

    public byte[] Key { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The self-host settings of bearer mode trusting this issuer.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Identity:Mode"] = "bearer",
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(Key),
    };

    /// <summary>A token for <paramref name="subject"/> (as <c>sub</c>), valid for an hour unless told otherwise.</summary>
    public string Mint(
        string? subject, string audience = Audience, string issuer = Issuer, TimeSpan? expiresIn = null, byte[]? key = null,
        IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        if (subject is not null)
        {
            all["sub"] = subject;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            Claims = all,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) that otherwise looks valid.</summary>
    public static string Unsigned(string subject)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url($"{{\"sub\":\"{subject}\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}")}.";
    }

    /// <summary>An HTTP client on <paramref name="host"/> that sends <paramref name="token"/> as <c>Authorization: Bearer</c>.</summary>
    public static HttpClient Client(SelfHostFactory host, string? token)
    {
        var client = host.CreateUserClient(user: null);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
