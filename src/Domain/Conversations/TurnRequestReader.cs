using System.Net.Http.Headers;
using System.Text.Json;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// Reads a <c>POST /api/analyses/{id}/messages</c> body into a validated <see cref="TurnRequest"/>. Host-neutral, so both
/// hosts answer alike: <c>application/json</c> only, at most <see cref="MaxBodyBytes"/>, members matched
/// case-insensitively (unknown ones ignored, a UTF-8 byte-order mark skipped), a member of the wrong JSON type named;
/// then <see cref="TurnRequestValidator"/>'s rules.
/// </summary>
public static class TurnRequestReader
{
    /// <summary>The largest body: 1 MiB.</summary>
    public const int MaxBodyBytes = PortfolioRequestReader.MaxTextBytes;

    /// <summary>Reads and validates the body.</summary>
    /// <param name="contentType">The request's Content-Type header (may carry parameters such as charset).</param>
    /// <param name="body">The request body; read to its end or until the limit is passed.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <exception cref="PortfolioValidationException">400: malformed JSON (key <c>body</c>) or a rule broken (keys
    /// <c>content</c>, <c>persona</c>, <c>language</c>); every problem named.</exception>
    /// <exception cref="UnsupportedPortfolioContentException">415 (not <c>application/json</c>) or 413 (over 1 MiB).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static async Task<TurnRequest> ReadAsync(string? contentType, Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType : null;
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedPortfolioContentException(415, $"Content type '{contentType}' is not supported: a question is application/json.");
        }

        return Parse(await BoundedBody.ReadAsync(body, MaxBodyBytes, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Parses and validates a JSON body already read.</summary>
    /// <exception cref="PortfolioValidationException">As <see cref="ReadAsync"/>.</exception>
    public static TurnRequest Parse(ReadOnlySpan<byte> utf8Json)
    {
        var errors = new ValidationErrors();
        var document = JsonBody.Parse(utf8Json, errors);
        errors.ThrowIfAny("question");
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(JsonBody.Field, $"must be a JSON object, not {ToolArguments.Kind(root)}");
                errors.ThrowIfAny("question");
            }

            return TurnRequestValidator.Validate(
                ReadString(root, "content", errors), ReadString(root, "persona", errors), ReadString(root, "language", errors), errors);
        }
    }

    private static string? ReadString(JsonElement root, string name, ValidationErrors errors)
    {
        if (!ToolArguments.TryGet(root, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, $"must be a string, not {ToolArguments.Kind(value)}");
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate ("\ud83d") is valid JSON but no string: a bad field, not a server fault.
            errors.Add(name, "is not valid Unicode text (it holds an unpaired surrogate)");
            return null;
        }
    }
}
