extern alias ModelServer;

using System.Globalization;
using System.Text.Json;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// A local OpenAI-compatible model server and a self-host whose <c>Advisor:Endpoint</c> points at it, with the model
/// name choosing the server's fault mode, short advisor timeouts so faults show in seconds, and a recognisable API key.
/// </summary>
internal sealed class ModelBackedHost : IAsyncDisposable
{
    /// <summary>The fake API key the self-host is configured with: it must never show in a log line, event or error.</summary>
    public const string ApiKey = "sk-reliability-Q7vX2mTn9Lw4Hc8Rb3Jd";

    private ModelBackedHost(ModelServerHost server, LogCapturingSelfHostFactory host, string model)
    {
        Server = server;
        Host = host;
        Model = model;
    }

    /// <summary>The model server.</summary>
    public ModelServerHost Server { get; }

    /// <summary>The self-host.</summary>
    public LogCapturingSelfHostFactory Host { get; }

    /// <summary>The configured model name (its fault mode).</summary>
    public string Model { get; }

    /// <summary>Advisor settings that make every fault show within seconds, with room for a loaded CI machine.</summary>
    public static IReadOnlyDictionary<string, string?> QuickFaults { get; } = new Dictionary<string, string?>
    {
        ["Advisor:ApiKey"] = ApiKey,
        ["Advisor:StallTimeoutSeconds"] = "1.5",
        ["Advisor:FirstTokenTimeoutSeconds"] = "5",
        ["Advisor:OpenTimeoutSeconds"] = "10",
        ["Advisor:OpenRetries"] = "2",
        ["Advisor:RetryBaseDelayMilliseconds"] = "20",
        ["Advisor:MaxRetryDelaySeconds"] = "3",
        ["Advisor:StreamingAttempts"] = "2",
        ["Advisor:RequestTimeoutSeconds"] = "10",
    };

    /// <summary>Starts both, the self-host configured with model <paramref name="model"/>.</summary>
    public static async Task<ModelBackedHost> StartAsync(string model, ModelServerOptions? options = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = await ModelServerHost.StartAsync(options ?? new ModelServerOptions { TokensPerSecond = 300 });
        var all = new Dictionary<string, string?>(QuickFaults)
        {
            ["Advisor:Endpoint"] = server.ApiBaseUrl.ToString(),
            ["Advisor:Model"] = model,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ModelBackedHost(server, new LogCapturingSelfHostFactory(all), model);
    }

    /// <summary>Starts a run of example.json with <paramref name="persona"/>, waits for its end (bounded) and returns status and events.</summary>
    public async Task<(string Id, JsonElement Status, JsonElement[] Events)> RunAsync(string persona = "analyst", TimeSpan? timeout = null)
    {
        using var client = Host.CreateUserClient();
        var id = await RunClient.StartRunAsync(client, Example(persona));
        var status = await RunClient.WaitForEndAsync(client, id, timeout ?? TimeSpan.FromSeconds(30));
        return (id, status, await RunClient.EventsAsync(client, id));
    }

    /// <summary>example.json with <paramref name="persona"/>.</summary>
    public static string Example(string persona)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryPaths.Portfolio("example.json")))!;
        json["persona"] = persona;
        return json.ToJsonString();
    }

    /// <summary>Seconds between the arrivals of requests <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double SecondsBetween(int a, int b) =>
        (Server.Requests[b].ReceivedAt - Server.Requests[a].ReceivedAt).TotalSeconds;

    /// <summary>Formats a figure for test output.</summary>
    public static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Server.DisposeAsync();
    }
}
