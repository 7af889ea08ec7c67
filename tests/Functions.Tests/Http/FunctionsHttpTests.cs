using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PortfolioAdvisor.Functions.Http;
using PortfolioAdvisor.Functions.Tests.Hosting;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.HttpContract;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary>What only the Azure skin does: the principal from App Service Authentication's header, Durable's instance, the in-flight limit through Durable's query.</summary>
public sealed class FunctionsHttpTests(FunctionsHttpTests.OneRunAtATime host) : IClassFixture<FunctionsHttpTests.OneRunAtATime>
{
    private static readonly byte[] Example = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "portfolios", "example.json"));

    [Fact]
    public void Authenticate_SetsTheCallerFromTheClientPrincipalHeader_TrimmedAndOnlyWhenUsable()
    {
        var named = new DefaultHttpContext();
        named.Request.Headers[Caller.ClientPrincipalIdHeader] = "  alice  ";
        var blank = new DefaultHttpContext();
        blank.Request.Headers[Caller.ClientPrincipalIdHeader] = "   ";
        var tooLong = new DefaultHttpContext();
        tooLong.Request.Headers[Caller.ClientPrincipalIdHeader] = new string('a', Caller.MaxIdLength + 1);

        Assert.Equal("alice", Caller.Find(AppServiceCaller.Authenticate(named.Request)));
        Assert.Equal(AppServiceCaller.AuthenticationType, named.User.Identity!.AuthenticationType);
        Assert.Null(Caller.Find(AppServiceCaller.Authenticate(blank.Request)));
        Assert.Null(Caller.Find(AppServiceCaller.Authenticate(tooLong.Request)));
        Assert.Null(Caller.Find(AppServiceCaller.Authenticate(new DefaultHttpContext().Request)));
    }

    [Fact]
    public async Task Start_SchedulesTheAppsOrchestratorUnderTheRunId_ForTheCaller_And_429sTheNextWhileItRuns()
    {
        var user = $"busy-{Guid.NewGuid():N}";
        var first = await StartAsync(user);
        var id = JsonDocument.Parse(first.Body).RootElement.GetProperty("id").GetString()!;

        var second = await StartAsync(user);
        var otherUser = await StartAsync($"other-{Guid.NewGuid():N}");

        Assert.Equal(202, first.Status);
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        Assert.Equal(FundAnalysisOrchestration.Name, instance.Name);
        Assert.Equal(user, instance.ReadInputAs<AnalysisInput>()!.Run.OwnerId);
        Assert.Equal(user, (await host.Runs.FindAsync(id))!.OwnerId);
        Assert.Equal(429, second.Status);
        Assert.True(int.Parse(second.Header("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", second.MediaType);
        Assert.Equal(202, otherUser.Status);

        var stop = await FunctionsHttp.SendAsync(host, new ContractRequest("POST", $"/api/analyses/{id}/terminate") { User = user });
        Assert.Equal(202, stop.Status);
        var ended = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(FunctionsHttp.Timeout).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        var status = await FunctionsHttp.SendAsync(host, new ContractRequest("GET", $"/api/analyses/{id}") { User = user });
        Assert.Equal(RuntimeStatuses.Terminated, JsonDocument.Parse(status.Body).RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(202, (await StartAsync(user)).Status);
    }

    private Task<ContractResponse> StartAsync(string user) =>
        FunctionsHttp.SendAsync(host, new ContractRequest("POST", "/api/analyses") { User = user, ContentType = "application/json", Body = Example });

    /// <summary>The app with one run in flight per user, and an offline advisor slow enough that a run is still going when the next start comes.</summary>
    public sealed class OneRunAtATime() : FunctionsDurableHost(new Dictionary<string, string?>
    {
        ["Limits:RunsInFlightPerUser"] = "1",
        ["Advisor:OfflineTokensPerSecond"] = "20",
    });
}
