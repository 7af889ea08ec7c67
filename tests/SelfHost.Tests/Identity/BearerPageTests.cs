using System.Net;
using System.Net.Sockets;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.JavaScript;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>
/// The page in Chromium against the self-host in bearer mode (<c>tests/js/sign-in.e2e.test.mjs</c>): sign-in by the
/// authorization-code flow with PKCE at a stand-in issuer that signs with the host's configured key, and a pasted token.
/// </summary>
public sealed class BearerPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThePage_SignsIn_With_CodeAndPkce_Or_APastedToken_And_RunsAnAnalysis()
    {
        var tokens = new TokenIssuer();
        var port = FreePort();
        var settings = tokens.Settings();
        settings["Identity:SignIn:Authority"] = $"http://127.0.0.1:{port}";
        settings["Identity:SignIn:ClientId"] = "advisor-page";
        settings["Identity:SignIn:Scope"] = "openid advisor";
        using var host = new SelfHostFactory(settings);
        await NodeSuite.RunAsync("sign-in.e2e.test.mjs", new Dictionary<string, string>
        {
            ["ADVISOR_BASE_URL"] = host.BaseAddress.ToString().TrimEnd('/'),
            ["ADVISOR_OIDC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ADVISOR_OIDC_KEY"] = Convert.ToBase64String(tokens.Key),
            ["ADVISOR_OIDC_ISSUER"] = TokenIssuer.Issuer,
            ["ADVISOR_OIDC_AUDIENCE"] = TokenIssuer.Audience,
            ["ADVISOR_OIDC_CLIENT_ID"] = "advisor-page",
        }, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
