using System.ComponentModel.DataAnnotations;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// The advisor's settings, bound from configuration section <c>Advisor</c>. With neither <see cref="Endpoint"/> nor
/// <see cref="ApiKey"/> set, the offline advisor writes the reply from the figures; otherwise the configured
/// OpenAI-compatible model does, and the offline advisor is never substituted for it.
/// </summary>
public sealed class AdvisorOptions
{
    /// <summary>The configuration section: <c>Advisor</c>.</summary>
    public const string SectionName = "Advisor";

    /// <summary>
    /// Base URL of an OpenAI-compatible API, e.g. <c>http://127.0.0.1:11434/v1</c> (Ollama) or
    /// <c>https://&lt;name&gt;.openai.azure.com/openai/v1/</c> (Azure OpenAI). Empty (the default) with an
    /// <see cref="ApiKey"/> means api.openai.com.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model (or Azure deployment) name. Required when a model is configured; default empty.</summary>
    public string? Model { get; set; }

    /// <summary>The API key. Default empty; not needed with <see cref="UseEntraId"/> or a local server that ignores keys.</summary>
    public string? ApiKey { get; set; }

    /// <summary>True to authenticate with Microsoft Entra ID (<c>DefaultAzureCredential</c>, scope <c>https://cognitiveservices.azure.com/.default</c>) instead of a key. Default false.</summary>
    public bool UseEntraId { get; set; }

    /// <summary>The offline advisor's writing rate in words (tokens) per second. Default 60.</summary>
    [Range(1, 100_000)]
    public double OfflineTokensPerSecond { get; set; } = 60;

    /// <summary>Multiplies every human-pace delay (persona pace and pauses): 1 = as the persona says, 0 = no pacing. Default 1.</summary>
    [Range(0, 100)]
    public double PacingScale { get; set; } = 1;

    /// <summary>Streaming attempts per reply before the one non-streaming attempt. Default 3.</summary>
    [Range(1, 10)]
    public int StreamingAttempts { get; set; } = 3;

    /// <summary>Retries of a request the server refused with 408, 429 or 5xx before its first token. Default 3.</summary>
    [Range(0, 10)]
    public int OpenRetries { get; set; } = 3;

    /// <summary>First delay of the exponential backoff between those retries, in milliseconds (a server's <c>Retry-After</c> wins). Default 500.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Longest single delay between retries, in seconds, even when <c>Retry-After</c> asks for more. Default 10.</summary>
    [Range(0, 300)]
    public double MaxRetryDelaySeconds { get; set; } = 10;

    /// <summary>Bound on the time to the first token, retries included, in seconds. Default 60.</summary>
    [Range(0.1, 600)]
    public double OpenTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest wait for the first token of one request, in seconds. Default 30.</summary>
    [Range(0.1, 600)]
    public double FirstTokenTimeoutSeconds { get; set; } = 30;

    /// <summary>Longest silence between two tokens before the stream counts as stalled, in seconds. Default 15.</summary>
    [Range(0.1, 600)]
    public double StallTimeoutSeconds { get; set; } = 15;

    /// <summary>Network timeout of one HTTP request (the non-streaming attempt's whole call), in seconds. Default 100.</summary>
    [Range(1, 600)]
    public double RequestTimeoutSeconds { get; set; } = 100;

    /// <summary>Upper bound on the reply's length in model tokens. Default 1000.</summary>
    [Range(16, 32_000)]
    public int MaxOutputTokens { get; set; } = 1000;

    /// <summary>
    /// The <c>reasoning_effort</c> sent to a reasoning model (<c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c>);
    /// default null, not sent, as models without reasoning (e.g. most Ollama models) may reject it. Low effort keeps a
    /// reasoning model's time to first token short.
    /// </summary>
    public string? ReasoningEffort { get; set; }

    /// <summary>True when an OpenAI-compatible model is configured (<see cref="Endpoint"/> or <see cref="ApiKey"/> set).</summary>
    public bool UsesModel => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ApiKey);
}
