using System.Text.Json;

namespace PortfolioAdvisor.Portfolio;

/// <summary>Parses a request's JSON body the one way the contract's bodies are read: a UTF-8 byte-order mark skipped, at most 16 levels deep.</summary>
internal static class JsonBody
{
    /// <summary>The body's field name in validation errors.</summary>
    public const string Field = "body";

    /// <summary>
    /// The parsed document (the caller disposes it); null when the body is not JSON, with a <c>body</c> error naming the
    /// line and byte (1-based) where it broke added to <paramref name="errors"/>.
    /// </summary>
    public static JsonDocument? Parse(ReadOnlySpan<byte> utf8Json, ValidationErrors errors)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            errors.Add(Field, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
            return null;
        }
    }
}
