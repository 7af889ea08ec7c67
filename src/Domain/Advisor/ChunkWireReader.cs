using System.Text.Json;

namespace PortfolioAdvisor.Advisor;

/// <summary>
/// Reads a <see cref="ChunkWire"/> with System.Text.Json's <see cref="Utf8JsonReader"/>, skipping every field it does
/// not use. The serializer did the same job, source-generated, but its metadata-driven object converter was an eighth
/// of a process's CPU when it only read model streams (bench/StreamFloor, docs/performance.md): this is one chunk per
/// token, so the few fields are read by hand, and a repeated response id or model reuses the stream's previous string.
/// Names are matched as the serializer matched them: case-sensitive, the last of a repeated property wins.
/// </summary>
internal static class ChunkWireReader
{
    /// <summary>
    /// Reads the value of the property the reader is on into <paramref name="target"/>; false when the name is not one it
    /// reads. Every reader is handed the stream's strings, so none captures them (a delegate per chunk).
    /// </summary>
    private delegate bool PropertyReader<in T>(ref Utf8JsonReader json, T target, ChunkWire.StreamStrings shared);

    /// <summary>The chunk in <paramref name="data"/> (one JSON object, nothing after it).</summary>
    /// <exception cref="JsonException">The data is not a JSON object, or a field has the wrong type.</exception>
    public static ChunkWire Read(ReadOnlySpan<byte> data, ChunkWire.StreamStrings shared)
    {
        var json = new Utf8JsonReader(data);
        try
        {
            var chunk = Object<ChunkWire>(ref json, "a chunk", shared, Chunk)
                ?? throw new JsonException("The model sent a null chunk.");
            if (json.Read())
            {
                throw new JsonException("The model sent more than one JSON value in a chunk.");
            }

            return chunk;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new JsonException($"The model sent a malformed chunk: {ex.Message}", ex);
        }
    }

    private static bool Chunk(ref Utf8JsonReader json, ChunkWire chunk, ChunkWire.StreamStrings shared)
    {
        if (json.ValueTextEquals("id"u8))
        {
            chunk.Id = shared.Id = SharedString(ref json, shared.Id);
        }
        else if (json.ValueTextEquals("model"u8))
        {
            chunk.Model = shared.Model = SharedString(ref json, shared.Model);
        }
        else if (json.ValueTextEquals("created"u8))
        {
            chunk.Created = Int64(ref json);
        }
        else if (json.ValueTextEquals("choices"u8))
        {
            chunk.FirstChoice = FirstChoice(ref json, shared);
        }
        else if (json.ValueTextEquals("usage"u8))
        {
            chunk.Usage = Object<ChunkWire.TokenUsage>(ref json, "usage", shared, Usage);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static ChunkWire.Choice? FirstChoice(ref Utf8JsonReader json, ChunkWire.StreamStrings shared)
    {
        if (!Start(ref json, JsonTokenType.StartArray, "choices"))
        {
            return null;
        }

        ChunkWire.Choice? first = null;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (first is not null)
            {
                json.Skip();
            }
            else
            {
                first = ObjectHere<ChunkWire.Choice>(ref json, "a choice", shared, Choice) ?? new ChunkWire.Choice();
            }
        }

        return first;
    }

    private static bool Choice(ref Utf8JsonReader json, ChunkWire.Choice choice, ChunkWire.StreamStrings shared)
    {
        if (json.ValueTextEquals("delta"u8))
        {
            choice.Delta = Object<ChunkWire.Delta>(ref json, "delta", shared, Delta);
        }
        else if (json.ValueTextEquals("finish_reason"u8))
        {
            choice.FinishReason = String(ref json);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool Delta(ref Utf8JsonReader json, ChunkWire.Delta delta, ChunkWire.StreamStrings shared)
    {
        if (!json.ValueTextEquals("content"u8))
        {
            return false;
        }

        delta.Content = String(ref json);
        return true;
    }

    private static bool Usage(ref Utf8JsonReader json, ChunkWire.TokenUsage usage, ChunkWire.StreamStrings shared)
    {
        if (json.ValueTextEquals("prompt_tokens"u8))
        {
            usage.PromptTokens = Int64(ref json);
        }
        else if (json.ValueTextEquals("completion_tokens"u8))
        {
            usage.CompletionTokens = Int64(ref json);
        }
        else if (json.ValueTextEquals("total_tokens"u8))
        {
            usage.TotalTokens = Int64(ref json);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Reads the next value: null when it is null, else an object whose properties <paramref name="read"/> takes (the rest are skipped).</summary>
    private static T? Object<T>(ref Utf8JsonReader json, string what, ChunkWire.StreamStrings shared, PropertyReader<T> read)
        where T : class, new()
    {
        if (!json.Read())
        {
            throw new JsonException($"The model sent no {what}.");
        }

        return ObjectHere(ref json, what, shared, read);
    }

    /// <summary><see cref="Object{T}"/> for the value the reader is already on.</summary>
    private static T? ObjectHere<T>(ref Utf8JsonReader json, string what, ChunkWire.StreamStrings shared, PropertyReader<T> read)
        where T : class, new()
    {
        if (json.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref json, JsonTokenType.StartObject, what);
        var target = new T();
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (!read(ref json, target, shared))
            {
                json.Read();
                json.Skip();
            }
        }

        return target;
    }

    /// <summary>Reads the next value: true when it opens <paramref name="token"/>, false when it is null.</summary>
    private static bool Start(ref Utf8JsonReader json, JsonTokenType token, string what)
    {
        json.Read();
        if (json.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        Expect(ref json, token, what);
        return true;
    }

    private static string? String(ref Utf8JsonReader json)
    {
        json.Read();
        return json.TokenType == JsonTokenType.Null ? null : json.GetString();
    }

    private static string? SharedString(ref Utf8JsonReader json, string? previous)
    {
        json.Read();
        return json.TokenType == JsonTokenType.String && previous is not null && json.ValueTextEquals(previous)
            ? previous
            : json.TokenType == JsonTokenType.Null ? null : json.GetString();
    }

    private static long? Int64(ref Utf8JsonReader json)
    {
        json.Read();
        return json.TokenType == JsonTokenType.Null ? null : json.GetInt64();
    }

    private static void Expect(ref Utf8JsonReader json, JsonTokenType token, string what)
    {
        if (json.TokenType != token)
        {
            throw new JsonException($"The model sent {json.TokenType} where {what} belongs.");
        }
    }
}
