using System.Text.Json;

namespace PortfolioAdvisor.Conversations;

/// <summary>Reads figures out of a tool result as it came back from the agent loop (a JSON object), tolerating absent members.</summary>
internal static class ToolResultReader
{
    /// <summary>The member at <paramref name="path"/>, or an undefined element.</summary>
    public static JsonElement At(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return default;
            }
        }

        return element;
    }

    public static double? Number(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } number ? number.GetDouble() : null;

    public static string? Text(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    /// <summary>The error of a failed call (<c>{ "error": "..." }</c>), or null for a result.</summary>
    public static string? Error(JsonElement result) => Text(result, "error");

    /// <summary>The largest (ticker, weight) of an array of objects with <c>ticker</c> and <c>weight</c>.</summary>
    public static (string Ticker, double Weight)? Largest(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        (string, double)? largest = null;
        foreach (var item in array.EnumerateArray())
        {
            if (Text(item, "ticker") is { } ticker && Number(item, "weight") is { } weight && (largest is null || weight > largest.Value.Item2))
            {
                largest = (ticker, weight);
            }
        }

        return largest;
    }

    public static int Count(JsonElement array) => array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;
}
