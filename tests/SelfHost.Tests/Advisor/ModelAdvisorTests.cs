extern alias ModelServer;

using System.Text.Json;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Advisor;

/// <summary>
/// The LLM path end to end: the self-host's advisor on the real <c>OpenAI</c> client, streaming from a local
/// OpenAI-compatible server that this test starts.
/// </summary>
public sealed class ModelAdvisorTests
{
    private static readonly string ExampleJson = File.ReadAllText(RepositoryPaths.Portfolio("example.json"));

    [Theory]
    [InlineData("analyst", 1)]
    [InlineData("xiaomei", 2)]
    public async Task Run_StreamsTheModelsReply_With_TheModelNamedInTheOutput(string persona, int minimumMessages)
    {
        await using var model = await ModelServerHost.StartAsync(new ModelServerOptions
        {
            TokensPerSecond = 400,
            FirstTokenDelay = TimeSpan.Zero,
            Reply = "Your portfolio is steady.\n\nVTI is your largest holding at 30.3%.\n\nConsider the rebalancing trades listed.",
        });
        using var host = new SelfHostFactory(new Dictionary<string, string?>
        {
            ["Advisor:Endpoint"] = model.ApiBaseUrl.ToString(),
            ["Advisor:Model"] = "local-test-model",
            ["Advisor:ApiKey"] = "sk-local-not-a-secret",
        });
        using var client = host.CreateUserClient();

        var body = ExampleJson.Replace("\"xiaomei\"", $"\"{persona}\"", StringComparison.Ordinal);
        var id = await RunClient.StartRunAsync(client, body);
        var status = await RunClient.WaitForEndAsync(client, id);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var advice = status.GetProperty("output").GetProperty("advice");
        Assert.Equal("local-test-model", advice.GetProperty("model").GetString());
        Assert.Equal(persona, advice.GetProperty("persona").GetString());
        var events = await RunClient.EventsAsync(client, id);
        var finals = ContractRules.AssertHold(events, id);
        Assert.True(finals.Count >= minimumMessages, $"{finals.Count} messages");
        Assert.Equal(finals, advice.GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("VTI is your largest holding at 30.3%.", string.Concat(finals), StringComparison.Ordinal);

        var request = Assert.Single(model.Requests);
        Assert.True(request.Stream);
        Assert.Equal("local-test-model", request.Model);
        var prompt = string.Join("\n", request.Messages.Select(m => m.Content));
        Assert.Contains("VTI", prompt, StringComparison.Ordinal);
        Assert.Contains("30.3", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailsWithAdvisorFailed_NotTheOfflineAdvisor_When_TheConfiguredModelIsDown()
    {
        await using var model = await ModelServerHost.StartAsync(new ModelServerOptions { RetryAfterSeconds = 0 });
        using var host = new SelfHostFactory(new Dictionary<string, string?>
        {
            ["Advisor:Endpoint"] = model.ApiBaseUrl.ToString(),
            ["Advisor:Model"] = "fault:500",
            ["Advisor:OpenRetries"] = "1",
            ["Advisor:StreamingAttempts"] = "1",
            ["Advisor:RetryBaseDelayMilliseconds"] = "10",
        });
        using var client = host.CreateUserClient();

        var id = await RunClient.StartRunAsync(client, ExampleJson);
        var status = await RunClient.WaitForEndAsync(client, id);

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var events = await RunClient.EventsAsync(client, id);
        ContractRules.AssertHold(events, id, expectedTerminal: "run_failed");
        Assert.Equal("advisor_failed", events[^1].GetProperty("code").GetString());
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "message");
        Assert.DoesNotContain(events, e => e.GetRawText().Contains("offline", StringComparison.OrdinalIgnoreCase));
    }
}
