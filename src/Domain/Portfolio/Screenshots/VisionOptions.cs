namespace PortfolioAdvisor.Portfolio.Screenshots;

/// <summary>
/// The vision-capable model that reads portfolio screenshots, bound from the <c>Vision</c> configuration section. It is
/// configured when <see cref="Model"/> is set together with <see cref="Endpoint"/> or <see cref="ApiKey"/>; otherwise
/// screenshots answer 422.
/// </summary>
public sealed class VisionOptions
{
    /// <summary>The configuration section: <c>Vision</c>.</summary>
    public const string SectionName = "Vision";

    /// <summary>The OpenAI-compatible base URL (e.g. <c>https://api.openai.com/v1</c>); default null, OpenAI's own.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model or deployment name of a model that reads images (e.g. <c>gpt-5.4-mini</c>); default null, no vision model.</summary>
    public string? Model { get; set; }

    /// <summary>The API key; default null (a local endpoint may need none, a placeholder is then sent).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The sampling temperature sent with each call; default null, not sent (the model's default), since reasoning models
    /// such as the gpt-5 family reject any other value. Set 0 for steadier transcription with models that accept it.
    /// </summary>
    public double? Temperature { get; set; }

    /// <summary>How long one model call may take, in seconds; default 60.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>True when a model is named and there is an endpoint or a key to reach it with.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model) && (Endpoint is not null || !string.IsNullOrWhiteSpace(ApiKey));
}
