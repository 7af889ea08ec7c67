extern alias ModelServer;

using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.Functions.Tests.Hosting;

namespace PortfolioAdvisor.Functions.Tests.Conversations;

/// <summary>
/// The Functions app on the Durable test host with its advisor on the local OpenAI-compatible model server (the real
/// OpenAI client over loopback), answering as <see cref="Model"/> names (<c>tools:&lt;name&gt;</c>, <c>fault:&lt;mode&gt;</c>).
/// </summary>
public abstract class ModelServerDurableHost(string model, ModelServerOptions options) : FunctionsDurableHost
{
    private readonly Dictionary<string, string?> settings = new(TestDefaults);
    private ModelServerHost? server;

    /// <summary>The model name the advisor asks for.</summary>
    public string Model => model;

    /// <summary>The running model server (its received requests).</summary>
    public ModelServerHost Server => server ?? throw new InvalidOperationException("The model server has not started.");

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string?> Settings => settings;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        server = await ModelServerHost.StartAsync(options);
        settings["Advisor:Endpoint"] = server.ApiBaseUrl.ToString();
        settings["Advisor:Model"] = model;
        settings["Advisor:ApiKey"] = "sk-functions-tests";
        await base.InitializeAsync();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>A model that calls <c>what_if</c> once (arguments streamed across chunks), then answers quoting its result.</summary>
public sealed class WhatIfModelHost() : ModelServerDurableHost("tools:what_if", new ModelServerOptions { TokensPerSecond = 0 });

/// <summary>A model that calls a tool in every answer (<c>fault:tool-loop</c>).</summary>
public sealed class ToolLoopModelHost() : ModelServerDurableHost("fault:tool-loop", new ModelServerOptions { TokensPerSecond = 0 });

/// <summary>A model that streams a long reply at 40 tokens per second (<c>fault:long</c>), for a stop mid-turn.</summary>
public sealed class SlowTurnModelHost() : ModelServerDurableHost("fault:long", new ModelServerOptions { TokensPerSecond = 40, LongReplyRepeat = 20 });
