using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

public sealed class CrossOriginTests
{
    [Fact]
    public async Task Preflight_AllowsTheConfiguredPageOrigin_And_NoOther()
    {
        using var host = new SelfHostFactory(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://advisor.example" });
        using var client = host.CreateUserClient();

        using var allowed = await client.SendAsync(Preflight("https://advisor.example"));
        using var other = await client.SendAsync(Preflight("https://elsewhere.example"));

        Assert.Equal("https://advisor.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "api/analyses");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-ms-client-principal-id");
        return request;
    }
}
