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
    /// <summary>The chunk in <paramref name="data"/> (one JSON object, nothing after it).</summary>
    /// <exception cref="JsonException">The data is not a JSON object, or a field has the wrong type.</exception>
    public static ChunkWire Read(ReadOnlySpan<byte> data, ChunkWire.StreamStrings shared)
    {
        var json = new Utf8JsonReader(data);
        try
        {
            Expect(ref json, JsonTokenType.StartObject, "a chunk");
            var chunk = new ChunkWire();
            while (NextProperty(ref json))
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
                    chunk.FirstChoice = FirstChoice(ref json);
                }
                else if (json.ValueTextEquals("usage"u8))
                {
                    chunk.Usage = Usage(ref json);
                }
                else
                {
                    Skip(ref json);
                }
            }

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

    private static ChunkWire.Choice? FirstChoice(ref Utf8JsonReader json)
    {
        if (!Start(ref json, JsonTokenType.StartArray, "choices"))
        {
            return null;
        }

        ChunkWire.Choice? first = null;
        var index = 0;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (index++ > 0)
            {
                json.Skip();
                continue;
            }

            first = new ChunkWire.Choice();
            if (json.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            ExpectCurrent(ref json, JsonTokenType.StartObject, "a choice");
            while (NextProperty(ref json))
            {
                if (json.ValueTextEquals("delta"u8))
                {
                    first.Delta = Delta(ref json);
                }
                else if (json.ValueTextEquals("finish_reason"u8))
                {
                    first.FinishReason = String(ref json);
                }
                else
                {
                    Skip(ref json);
                }
            }
        }

        return first;
    }

    private static ChunkWire.Delta? Delta(ref Utf8JsonReader json)
    {
        if (!Start(ref json, JsonTokenType.StartObject, "delta"))
        {
            return null;
        }

        var delta = new ChunkWire.Delta();
        while (NextProperty(ref json))
        {
            if (json.ValueTextEquals("content"u8))
            {
                delta.Content = String(ref json);
            }
            else
            {
                Skip(ref json);
            }
        }

        return delta;
    }

    private static ChunkWire.TokenUsage? Usage(ref Utf8JsonReader json)
    {
        if (!Start(ref json, JsonTokenType.StartObject, "usage"))
        {
            return null;
        }

        var usage = new ChunkWire.TokenUsage();
        while (NextProperty(ref json))
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
                Skip(ref json);
            }
        }

        return usage;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader json)
    {
        json.Read();
        return json.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads a property's value: true when it opens <paramref name="token"/>, false when it is null.</summary>
    private static bool Start(ref Utf8JsonReader json, JsonTokenType token, string what)
    {
        json.Read();
        if (json.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        ExpectCurrent(ref json, token, what);
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

    private static void Skip(ref Utf8JsonReader json)
    {
        json.Read();
        json.Skip();
    }

    private static void Expect(ref Utf8JsonReader json, JsonTokenType token, string what)
    {
        if (!json.Read())
        {
            throw new JsonException($"The model sent no {what}.");
        }

        ExpectCurrent(ref json, token, what);
    }

    private static void ExpectCurrent(ref Utf8JsonReader json, JsonTokenType token, string what)
    {
        if (json.TokenType != token)
        {
            throw new JsonException($"The model sent {json.TokenType} where {what} belongs.");
        }
    }
}
