using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// The invalid inputs of the contract's validation table not already covered by <c>AnalysesApiTests</c>, each answered
/// as docs/protocol.md says, naming the offending field, with nothing started.
/// </summary>
public sealed class ContractInputTests(SelfHostFixture host) : IClassFixture<SelfHostFixture>
{
    [Theory]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":0}]}", "holdings[0].shares")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1e10}]}", "holdings[0].shares")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":\"NaN\"}]}", "holdings[0].shares")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1},{\"ticker\":\"VTl\",\"shares\":1}]}", "holdings[1].ticker")]
    [InlineData("{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":1}],\"language\":\"not a tag!!\"}", "language")]
    [InlineData("{\"persona\":\"analyst\"}", "holdings")]
    public async Task Start_Answers400NamingTheField_And_StartsNothing(string body, string field)
    {
        using var client = host.Factory.CreateUserClient($"validator-{Guid.NewGuid():N}");
        using var response = await RunClient.StartAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("runsInFlight").GetInt32());
    }

    [Theory]
    [InlineData("?riskProfile=yolo", "riskProfile")]
    [InlineData("?persona=pirate", "persona")]
    public async Task StartCsv_Answers400NamingTheQueryParameter_When_ItIsUnknown(string query, string field)
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("fidelity-positions.csv")), "text/csv", query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Start_MergesDuplicateTickers_SummingSharesAndCostBases()
    {
        using var client = host.Factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client,
            "{\"holdings\":[{\"ticker\":\"VTI\",\"shares\":10,\"costBasis\":1000},{\"ticker\":\"BND\",\"shares\":5},{\"ticker\":\"VTI\",\"shares\":2.5,\"costBasis\":500}]}");

        var status = await RunClient.WaitForEndAsync(client, id);

        var holdings = status.GetProperty("output").GetProperty("holdings").EnumerateArray().ToArray();
        var vti = Assert.Single(holdings, h => h.GetProperty("ticker").GetString() == "VTI");
        Assert.Equal(2, holdings.Length);
        Assert.Equal(12.5, vti.GetProperty("shares").GetDouble());
        Assert.Equal(1500, vti.GetProperty("costBasis").GetDouble());
    }

    [Fact]
    public async Task StartImage_Answers422_When_NoVisionModelIsConfigured()
    {
        using var client = host.Factory.CreateUserClient();
        using var response = await RunClient.StartAsync(client, "\u0089PNG\r\n", "image/png");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("?after=-1")]
    [InlineData("?after=abc")]
    [InlineData("?after=1.5")]
    public async Task Events_Answers400_When_TheCursorIsNotAWholeNumber(string query)
    {
        using var client = host.Factory.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));

        using var response = await client.GetAsync($"api/analyses/{id}/events{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await RunClient.WaitForEndAsync(client, id);
    }
}
