using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>Bearer mode: the caller is the token's subject; every other way in is a 401; one user's runs are 404 to another.</summary>
public sealed class BearerModeTests(BearerHostFixture fixture) : IClassFixture<BearerHostFixture>
{
    private readonly TokenIssuer tokens = fixture.Tokens;
    private readonly SelfHostFactory host = fixture.Host;

    public static TheoryData<string> RefusedTokens() => ["none", "expired", "wrong-audience", "wrong-issuer", "wrong-signature", "unsigned", "garbage", "no-subject"];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task EveryRoute_Answers401ProblemDetails_When_TheTokenIs(string kind)
    {
        var token = kind switch
        {
            "none" => null,
            "expired" => tokens.Mint("alice", expiresIn: TimeSpan.FromHours(-1)),
            "wrong-audience" => tokens.Mint("alice", audience: "another-api"),
            "wrong-issuer" => tokens.Mint("alice", issuer: "someone-else"),
            "wrong-signature" => tokens.Mint("alice", key: RandomNumberGenerator.GetBytes(32)),
            "unsigned" => TokenIssuer.Unsigned("alice"),
            "garbage" => "not-a-jwt",
            _ => tokens.Mint(subject: null),
        };
        using var client = TokenIssuer.Client(host, token);
        using var owner = TokenIssuer.Client(host, tokens.Mint("alice"));
        var id = await RunClient.StartRunAsync(owner, ModelBackedHost.Example("analyst"));

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, "api/analyses"), (HttpMethod.Get, $"api/analyses/{id}"), (HttpMethod.Get, $"api/analyses/{id}/events"),
            (HttpMethod.Post, $"api/analyses/{id}/terminate"), (HttpMethod.Post, "api/negotiate"), (HttpMethod.Post, "hubs/advisor/negotiate?negotiateVersion=1"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { holdings = new[] { new { ticker = "VTI", shares = 1 } } }) : null };
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a {kind} token answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
        }

        // The refused terminate changed nothing: the owner's run goes on to complete.
        Assert.Equal("Completed", (await RunClient.WaitForEndAsync(owner, id)).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task TheHeader_IsIgnored_InBearerMode()
    {
        using var headerOnly = host.CreateUserClient("alice");
        using var refused = await RunClient.StartAsync(headerOnly, ModelBackedHost.Example("analyst"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var bob = TokenIssuer.Client(host, tokens.Mint("bob-" + Guid.NewGuid().ToString("N")));
        bob.DefaultRequestHeaders.Add("x-ms-client-principal-id", "alice");
        var id = await RunClient.StartRunAsync(bob, ModelBackedHost.Example("analyst"));
        using var alice = TokenIssuer.Client(host, tokens.Mint("alice"));
        using var aliceLooks = await alice.GetAsync($"api/analyses/{id}");
        Assert.Equal(HttpStatusCode.NotFound, aliceLooks.StatusCode);
    }

    [Fact]
    public async Task CanOnlyReadStreamAndTerminateRunsStartedBySameUser()
    {
        using var a = TokenIssuer.Client(host, tokens.Mint("user-a"));
        using var b = TokenIssuer.Client(host, tokens.Mint("user-b"));
        var id = await RunClient.StartRunAsync(a, ModelBackedHost.Example("xiaomei"));

        foreach (var (method, path, accept) in new[]
        {
            (HttpMethod.Get, $"api/analyses/{id}", "application/json"), (HttpMethod.Get, $"api/analyses/{id}/events", "application/json"),
            (HttpMethod.Get, $"api/analyses/{id}/events", "text/event-stream"), (HttpMethod.Post, $"api/analyses/{id}/terminate", "application/json"),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Accept.ParseAdd(accept);
            using var response = await b.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"user B: {method} {path} ({accept}) answered {(int)response.StatusCode}");
        }

        var status = await RunClient.WaitForEndAsync(a, id);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        ContractRules.AssertHold(await RunClient.EventsAsync(a, id), id);
    }

    [Fact]
    public async Task TheCaller_IsTheObjectId_When_TheTokenCarriesOne()
    {
        var oid = Guid.NewGuid().ToString();
        using var entra = TokenIssuer.Client(host, tokens.Mint("pairwise-subject", claims: new Dictionary<string, object> { ["oid"] = oid }));
        var id = await RunClient.StartRunAsync(entra, ModelBackedHost.Example("analyst"));
        using var sameObject = TokenIssuer.Client(host, tokens.Mint(oid));
        using var sameSubjectOnly = TokenIssuer.Client(host, tokens.Mint("pairwise-subject"));
        Assert.Equal(HttpStatusCode.OK, (await sameObject.GetAsync($"api/analyses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sameSubjectOnly.GetAsync($"api/analyses/{id}")).StatusCode);
    }

    [Fact]
    public async Task Negotiate_HandsBackTheCallersOwnToken_And_TheHubRefusesAConnectionWithoutOne()
    {
        var token = tokens.Mint("hub-user");
        using var client = TokenIssuer.Client(host, token);
        var redirect = await (await client.PostAsync("api/negotiate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(token, redirect.GetProperty("accessToken").GetString());
        var hub = new Uri(redirect.GetProperty("url").GetString()!.Replace("http://", "ws://", StringComparison.Ordinal));

        foreach (var query in new[] { "", "?access_token=" + Uri.EscapeDataString(tokens.Mint("hub-user", key: RandomNumberGenerator.GetBytes(32))) })
        {
            using var socket = new ClientWebSocket();
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(hub + query), CancellationToken.None));
            Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        }

        using var accepted = new ClientWebSocket();
        await accepted.ConnectAsync(new Uri($"{hub}?access_token={Uri.EscapeDataString(token)}"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, accepted.State);
    }

    [Fact]
    public async Task Health_IsAnonymous_And_NamesNoUser()
    {
        using var anonymous = TokenIssuer.Client(host, null);
        var health = await anonymous.GetFromJsonAsync<JsonElement>("api/health");
        Assert.Equal(["status", "activeConnections", "runsInFlight", "host"], health.EnumerateObject().Select(p => p.Name));
        var identity = await anonymous.GetFromJsonAsync<JsonElement>("api/identity");
        Assert.Equal("bearer", identity.GetProperty("mode").GetString());
    }
}
