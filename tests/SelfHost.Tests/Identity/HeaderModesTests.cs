using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>Development and trusted-header modes: whom each believes, and the configurations each refuses to start with.</summary>
public sealed class HeaderModesTests
{
    [Fact]
    public async Task Development_AcceptsTheHeader_And_AnswersHealthWithoutOne()
    {
        using var host = new SelfHostFactory();
        using var anonymous = host.CreateUserClient(user: null);
        var health = await anonymous.GetFromJsonAsync<JsonElement>("api/health");
        Assert.Equal(["status", "activeConnections", "runsInFlight", "host"], health.EnumerateObject().Select(p => p.Name));
        using var refused = await RunClient.StartAsync(anonymous, ModelBackedHost.Example("analyst"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("x-ms-client-principal-id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var alice = host.CreateUserClient("alice");
        var id = await RunClient.StartRunAsync(alice, ModelBackedHost.Example("analyst"));
        using var bob = host.CreateUserClient("bob");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"api/analyses/{id}")).StatusCode);
    }

    [Fact]
    public async Task TrustedHeader_BelievesTheNamedHeader_FromTheProxyRange_Only()
    {
        using var host = new SelfHostFactory(TrustedHeader("127.0.0.0/8"));
        using var proxied = host.CreateUserClient(user: null);
        proxied.DefaultRequestHeaders.Add("X-Forwarded-User", "carol");
        var id = await RunClient.StartRunAsync(proxied, ModelBackedHost.Example("analyst"));
        Assert.Equal(HttpStatusCode.OK, (await proxied.GetAsync($"api/analyses/{id}")).StatusCode);

        using var appServiceHeader = host.CreateUserClient("carol");
        Assert.Equal(HttpStatusCode.Unauthorized, (await appServiceHeader.GetAsync($"api/analyses/{id}")).StatusCode);
    }

    [Fact]
    public async Task TrustedHeader_IsIgnored_From_APeerOutsideTheProxyRange()
    {
        using var host = new SelfHostFactory(TrustedHeader("192.0.2.0/24"));
        using var direct = host.CreateUserClient(user: null);
        direct.DefaultRequestHeaders.Add("X-Forwarded-User", "carol");
        using var refused = await RunClient.StartAsync(direct, ModelBackedHost.Example("analyst"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    public static TheoryData<string, string, string> Misconfigurations() => new()
    {
        { "Identity:Mode", "open", "is not one of" },
        { "Identity:Mode", "bearer", "ValidAudiences" },
        { "Identity:Mode", "trusted-header", "Identity:TrustedHeader:Name" },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task TheHost_RefusesToStart_And_SaysWhatToSet_When(string key, string value, string named)
    {
        var (exitCode, output) = await RefusedStart.RunAsync([new(key, value)]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_RefusesToStart_When_TheSigningKeyIsTooShort()
    {
        var settings = new TokenIssuer().Settings();
        settings["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(new byte[16]);
        var (exitCode, output) = await RefusedStart.RunAsync(settings);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("at least 32 bytes", output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> TrustedHeader(string proxies) => new()
    {
        ["Identity:Mode"] = "trusted-header",
        ["Identity:TrustedHeader:Name"] = "X-Forwarded-User",
        ["Identity:TrustedHeader:Proxies:0"] = proxies,
    };
}
