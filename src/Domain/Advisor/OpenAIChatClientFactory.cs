using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Identity;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Creates the one model client of the process from <see cref="AdvisorOptions"/>: the OpenAI package's
/// <see cref="ChatClient"/>, and over it the <see cref="IChatClient"/> (Microsoft.Extensions.AI) that every model call goes
/// through.
/// </summary>
public static class OpenAIChatClientFactory
{
    /// <summary>The Entra ID scope of Azure OpenAI (Cognitive Services).</summary>
    public const string EntraIdScope = "https://cognitiveservices.azure.com/.default";

    // A reply given up mid-stream must end its request at once. By default the HTTP client drains an unread response
    // for up to 2 s to keep the connection, and a model still streaming then went on for those 2 s (a terminated run's
    // model call outlived the contract's one second). The pipeline enforces NetworkTimeout itself, hence no client timeout.
    private static readonly HttpClientPipelineTransport ModelTransport = new(new HttpClient(new SocketsHttpHandler
    {
        MaxResponseDrainSize = 0,
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(15),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>
    /// A client for <see cref="AdvisorOptions.Model"/> at <see cref="AdvisorOptions.Endpoint"/> (api.openai.com when
    /// empty), authenticated by Entra ID when <see cref="AdvisorOptions.UseEntraId"/>, else by the API key. The client's
    /// own retries are off: the advisor retries with its own policy, which knows about partial messages.
    /// </summary>
    /// <exception cref="InvalidOperationException">No model name is configured.</exception>
    public static ChatClient Create(AdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new InvalidOperationException("Advisor:Model must name the model (or Azure deployment) when Advisor:Endpoint or Advisor:ApiKey is set.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            Transport = ModelTransport,
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }

        if (options.UseEntraId)
        {
            // The OpenAI package's token-policy constructor is marked experimental (OPENAI001); it is the package's
            // documented way to call Azure OpenAI's v1 endpoint with Entra ID, and no stable alternative exists in it.
#pragma warning disable OPENAI001
            return new ChatClient(options.Model, new BearerTokenPolicy(new DefaultAzureCredential(), EntraIdScope), clientOptions);
#pragma warning restore OPENAI001
        }

        // Local servers (Ollama, the test ModelServer) ignore the key, but the client requires one.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        return new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
    }

    /// <summary>
    /// The model port over <paramref name="client"/>, built through a <see cref="ChatClientBuilder"/> (so middleware such
    /// as telemetry is one more line), with Microsoft.Extensions.AI's OpenTelemetry client and <see cref="MeasuredChatClient"/>: every request carries <c>max_completion_tokens</c> =
    /// <see cref="AdvisorOptions.MaxOutputTokens"/>, and <c>reasoning_effort</c> only when
    /// <see cref="AdvisorOptions.ReasoningEffort"/> is set. A caller's own <see cref="ChatOptions"/> (e.g. the turn's
    /// tools) are kept.
    /// </summary>
    public static IChatClient CreateChatClient(ChatClient client, AdvisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var maxTokens = options.MaxOutputTokens;
        var effort = options.ReasoningEffort;
#pragma warning disable OPENAI001 // Marked for evaluation in the SDK; it only names the wire value reasoning_effort.
        Func<IChatClient, object?>? effortOptions = effort is { Length: > 0 }
            ? _ => new ChatCompletionOptions { ReasoningEffortLevel = new ChatReasoningEffortLevel(effort) }
            : null;
#pragma warning restore OPENAI001
        return new ChatClientBuilder(new TextStreamingChatClient(client.AsIChatClient(), client, options.Model ?? "", effortOptions, effort))
            .ConfigureOptions(chat =>
            {
                chat.MaxOutputTokens ??= maxTokens;
                chat.RawRepresentationFactory ??= effortOptions;
            })
            // Telemetry: GenAI spans and gen_ai.client.* metrics (prompts and replies are not recorded: sensitive data
            // stays off), then the project's own per-token figures (docs/observability.md).
            .UseOpenTelemetry(sourceName: AdvisorTelemetry.GenAISourceName)
            .Use(inner => new MeasuredChatClient(inner, TimeProvider.System, TimeSpan.FromSeconds(options.StallTimeoutSeconds)))
            .Build();
    }

    /// <summary>The model port for <paramref name="options"/>: <see cref="CreateChatClient(ChatClient, AdvisorOptions)"/> over <see cref="Create"/>.</summary>
    /// <exception cref="InvalidOperationException">No model name is configured.</exception>
    public static IChatClient CreateChatClient(AdvisorOptions options) => CreateChatClient(Create(options), options);
}
