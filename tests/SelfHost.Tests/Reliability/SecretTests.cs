using System.Net.Http.Json;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// No secret shows: with a recognisable fake API key and the model failing in several ways, the key is absent from
/// every log line (all levels, structured values and exception text), every event, the status and error answers.
/// </summary>
public sealed class SecretTests
{
    [Theory]
    [InlineData("fault:500", "Failed")]
    [InlineData("fault:401", "Failed")]
    [InlineData("fault:429x3", "Completed")]
    [InlineData("fault:malformed", "Completed")]
    [InlineData("fault:reset", "Completed")]
    public async Task ApiKey_AppearsInNoLogLineEventOrAnswer_When_TheModelFails(string model, string expectedStatus)
    {
        await using var host = await ModelBackedHost.StartAsync(model, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Advisor"] = $"Endpoint=http://127.0.0.1/;Key={ModelBackedHost.ApiKey}",
        });
        using var client = host.Host.CreateUserClient();

        var (id, status, events) = await host.RunAsync();
        using var missing = await client.GetAsync("api/analyses/nope");
        using var invalid = await RunClient.StartAsync(client, "{\"holdings\":[{\"ticker\":\"" + ModelBackedHost.ApiKey[..6] + "\",\"shares\":1}]}");
        var health = await client.GetStringAsync("api/health");

        Assert.Equal(expectedStatus, status.GetProperty("runtimeStatus").GetString());
        Assert.NotEmpty(host.Server.Requests);
        var lines = host.Host.Lines;
        // The capture works and the failures were logged (with their exceptions): the absence below means something.
        Assert.Contains(lines, line => line.Contains(" Warning: ", StringComparison.Ordinal) && line.Contains(model, StringComparison.Ordinal));
        var everything = string.Join("\n", lines.Concat(events.Select(e => e.GetRawText())).Append(status.GetRawText())
            .Append(await missing.Content.ReadAsStringAsync()).Append(await invalid.Content.ReadAsStringAsync()).Append(health));
        foreach (var secret in new[] { ModelBackedHost.ApiKey, ModelBackedHost.ApiKey[3..], ModelBackedHost.ApiKey[^12..] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
