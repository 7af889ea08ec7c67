using System.Net;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

public sealed class StartLimitsTests
{
    private static readonly string ExampleJson = File.ReadAllText(RepositoryPaths.Portfolio("example.json"));

    [Fact]
    public async Task Start_Answers429WithRetryAfter_When_TheUserStartsTooMany()
    {
        using var factory = new SelfHostFactory(new Dictionary<string, string?> { ["Limits:StartsPerMinute"] = "3" });
        using var client = factory.CreateUserClient("eager");
        using var other = factory.CreateUserClient("patient");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await RunClient.StartAsync(client, ExampleJson);
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            }
        }

        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.Equal(2, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        using var otherUser = await RunClient.StartAsync(other, ExampleJson);
        Assert.Equal(HttpStatusCode.Accepted, otherUser.StatusCode);
    }

    [Fact]
    public async Task Start_Answers429_When_TheUserHasTooManyRunsInFlight()
    {
        using var factory = new SelfHostFactory(new Dictionary<string, string?>
        {
            ["Limits:RunsInFlightPerUser"] = "1",
            ["Advisor:Offline:TokensPerSecond"] = "20",
        });
        using var client = factory.CreateUserClient("busy");

        var first = await RunClient.StartRunAsync(client, ExampleJson);
        using var second = await RunClient.StartAsync(client, ExampleJson);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        using var stop = await client.PostAsync($"api/analyses/{first}/terminate", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        await RunClient.WaitForEndAsync(client, first);
        using var third = await RunClient.StartAsync(client, ExampleJson);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
    }
}
