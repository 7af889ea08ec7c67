using System.Net.Http.Headers;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

/// <summary>The shared HTTP contract cases against the self-host on Kestrel (loopback), through a real <see cref="HttpClient"/>.</summary>
public sealed class SelfHostContractTests(SelfHostFixture host) : HttpContractCases, IClassFixture<SelfHostFixture>
{
    protected override string HostName => HealthRoute.SelfHost;

    protected override async Task<ContractResponse> SendAsync(ContractRequest request)
    {
        using var client = host.Factory.CreateUserClient(user: null);
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
