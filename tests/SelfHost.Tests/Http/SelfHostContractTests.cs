using System.Net.Http.Headers;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

/// <summary>The shared HTTP contract cases against the self-host on Kestrel (loopback), through a real <see cref="HttpClient"/>.</summary>
public sealed class SelfHostContractTests(SelfHostFixture host) : HttpContractCases, IClassFixture<SelfHostFixture>
{
    protected override string HostName => HealthRoute.SelfHost;

    protected override Task<ContractResponse> SendAsync(ContractRequest request) => SendAsync(host.Factory, request);

    /// <summary>Sends <paramref name="request"/> to <paramref name="factory"/>'s Kestrel through a real <see cref="HttpClient"/>.</summary>
    internal static async Task<ContractResponse> SendAsync(SelfHostFactory factory, ContractRequest request)
    {
        using var client = factory.CreateUserClient(user: null);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery.TrimStart('/'));
        if (request.User is not null)
        {
            message.Headers.TryAddWithoutValidation(Caller.ClientPrincipalIdHeader, request.User);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType!);
        }

        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
        return new ContractResponse((int)response.StatusCode, headers, body);
    }
}
