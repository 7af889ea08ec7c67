using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PortfolioAdvisor.ModelServer;

/// <summary>
/// The local OpenAI-compatible model server, in-process (<see cref="StartAsync"/>, on 127.0.0.1 with a free port) or as
/// an exe (<see cref="RunAsync"/>).
/// </summary>
public sealed class ModelServerHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ChatCompletionsEndpoint endpoint;

    private ModelServerHost(WebApplication app, ChatCompletionsEndpoint endpoint, Uri baseUrl)
    {
        this.app = app;
        this.endpoint = endpoint;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The OpenAI base URL to configure clients with: <see cref="BaseUrl"/> + <c>v1</c>.</summary>
    public Uri ApiBaseUrl => new(BaseUrl, "v1");

    /// <summary>The requests received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => endpoint.Requests;

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    public static async Task<ModelServerHost> StartAsync(ModelServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var endpoint = new ChatCompletionsEndpoint(options ?? new ModelServerOptions());
        var app = builder.Build();
        endpoint.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModelServerHost(app, endpoint, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Runs the server until stopped, configured from the command line: <c>--urls</c>, <c>--tokens-per-second</c>, <c>--reply</c>, <c>--chunk-characters</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var config = builder.Configuration;
        var options = new ModelServerOptions
        {
            TokensPerSecond = double.Parse(config["tokens-per-second"] ?? "50", CultureInfo.InvariantCulture),
            Reply = config["reply"] ?? ModelServerOptions.DefaultReply,
            ChunkCharacters = int.Parse(config["chunk-characters"] ?? "0", CultureInfo.InvariantCulture),
        };
        if (config["urls"] is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5005");
        }

        var app = builder.Build();
        new ChatCompletionsEndpoint(options).Map(app);
        await app.RunAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
