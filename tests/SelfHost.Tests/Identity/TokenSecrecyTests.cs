using System.Net;
using System.Security.Cryptography;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>Nothing secret in logs: no token (nor its signature) and no signing key, at every level, accepted or refused.</summary>
public sealed class TokenSecrecyTests
{
    [Fact]
    public async Task NoTokenNorKey_IsLogged_AtAnyLevel()
    {
        var tokens = new TokenIssuer();
        var settings = tokens.Settings();
        // The shipped levels, with the authentication handlers (JwtBearer, IdentityModel's messages) raised to Trace.
        settings["Logging:LogLevel:Microsoft.AspNetCore.Authentication"] = "Trace";
        settings["Logging:LogLevel:Microsoft.AspNetCore.Authorization"] = "Trace";
        using var host = new LogCapturingSelfHostFactory(settings);
        var sent = new[]
        {
            tokens.Mint("secret-user"), tokens.Mint("secret-user", expiresIn: TimeSpan.FromHours(-1)),
            tokens.Mint("secret-user", key: RandomNumberGenerator.GetBytes(32)), tokens.Mint("secret-user", audience: "elsewhere"),
            TokenIssuer.Unsigned("secret-user"),
        };
        foreach (var token in sent)
        {
            using var client = TokenIssuer.Client(host, token);
            using var response = await client.GetAsync("api/analyses/missing");
            Assert.Equal(token == sent[0] ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
            using var hub = await client.PostAsync($"hubs/advisor/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        }

        Assert.Contains(host.Lines, line => line.Contains("JwtBearer", StringComparison.Ordinal) && line.Contains("Information", StringComparison.Ordinal));
        var secrets = sent.SelectMany(token => new[] { token, token.Split('.')[^1] }).Where(s => s.Length > 0)
            .Append(Convert.ToBase64String(tokens.Key)).ToArray();
        foreach (var line in host.Lines)
        {
            Assert.DoesNotContain(secrets, secret => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
