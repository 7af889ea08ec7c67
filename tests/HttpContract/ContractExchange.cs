namespace PortfolioAdvisor.HttpContract;

/// <summary>A request of the contract as a client sends it, independent of the host that answers.</summary>
public sealed record ContractRequest(string Method, string PathAndQuery)
{
    /// <summary>The caller named in <c>x-ms-client-principal-id</c>; null sends no caller.</summary>
    public string? User { get; init; } = "alice";

    /// <summary>The body's media type, when there is a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Other request headers (e.g. <c>Accept</c>, <c>Last-Event-ID</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>The answer as a client reads it: status, headers (names lower-case) and the whole body.</summary>
public sealed record ContractResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The media type of the body, without parameters.</summary>
    public string? MediaType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0].Trim() : null;

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
