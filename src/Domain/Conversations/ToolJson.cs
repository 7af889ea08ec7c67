using System.Text.Json;
using System.Text.Json.Nodes;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// How tool results are written: with the analysis output's options (<see cref="EventJson.StatusOptions"/>: camelCase,
/// nulls written), so a <c>what_if</c> result's <c>risk</c> and <c>performance</c> carry the same member names and
/// values as the analysis' own and a client can compare them member by member.
/// </summary>
internal static class ToolJson
{
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, EventJson.StatusOptions);

    /// <summary><paramref name="value"/> as a JSON object without the members at <paramref name="paths"/> (each "a.b").</summary>
    public static JsonElement ToElementWithout<T>(T value, params string[] paths)
    {
        var node = JsonSerializer.SerializeToNode(value, EventJson.StatusOptions)!.AsObject();
        foreach (var path in paths)
        {
            var parts = path.Split('.');
            var parent = node;
            for (var k = 0; k < parts.Length - 1 && parent is not null; k++)
            {
                parent = parent[parts[k]] as JsonObject;
            }

            parent?.Remove(parts[^1]);
        }

        return JsonSerializer.SerializeToElement(node, EventJson.StatusOptions);
    }

    /// <summary>Parses a schema literal once, at type initialization.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
