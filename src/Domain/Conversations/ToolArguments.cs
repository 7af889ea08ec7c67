using System.Text.Json;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// Reads a tool call's JSON arguments the way <c>JsonPortfolioParser</c> reads a request body: property names match
/// case-insensitively, unknown ones are ignored, and a member of the wrong JSON type is named ("trades[1].shares must
/// be a number, not a string").
/// </summary>
internal static class ToolArguments
{
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>The arguments as an object, or the reason they are not one.</summary>
    public static string? NotAnObject(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object ? null : $"The arguments must be a JSON object, not {Kind(arguments)}.";

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
