using System.Text.Json;

namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// Reads the contract's JSON body into a draft, naming each field whose JSON type is wrong
/// (<c>holdings[2].shares</c>: "must be a number"). Property names match case-insensitively, unknown ones are ignored,
/// a UTF-8 byte-order mark is skipped.
/// </summary>
internal static class JsonPortfolioParser
{
    private const string Body = JsonBody.Field;

    public static PortfolioDraft Parse(ReadOnlySpan<byte> utf8Json)
    {
        var errors = new ValidationErrors();
        if (JsonBody.Parse(utf8Json, errors) is not { } document)
        {
            return Empty(errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Body, $"must be a JSON object, not {Kind(root)}");
                return Empty(errors);
            }

            return new PortfolioDraft(
                ReadHoldings(root, errors),
                ReadString(root, "persona", errors),
                ReadString(root, "riskProfile", errors),
                ReadString(root, "language", errors),
                errors);
        }
    }

    private static List<DraftHolding> ReadHoldings(JsonElement root, ValidationErrors errors)
    {
        var holdings = new List<DraftHolding>();
        if (!TryGet(root, "holdings", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add("holdings", "is required");
            return holdings;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("holdings", $"must be an array, not {Kind(array)}");
            return holdings;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var keys = HoldingFieldKeys.ForIndex(index);
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"holdings[{index}]", $"must be an object, not {Kind(item)}");
            }
            else
            {
                holdings.Add(new DraftHolding(
                    ReadTicker(item, keys.Ticker, errors),
                    ReadNumber(item, "shares", keys.Shares, required: true, errors),
                    ReadNumber(item, "costBasis", keys.CostBasis, required: false, errors),
                    keys));
            }

            index++;
        }

        return holdings;
    }

    private static string? ReadTicker(JsonElement item, string key, ValidationErrors errors)
    {
        if (!TryGet(item, "ticker", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(key, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(key, $"must be a string, not {Kind(value)}");
            return null;
        }

        return value.GetString();
    }

    private static double? ReadNumber(JsonElement item, string name, string key, bool required, ValidationErrors errors)
    {
        if (!TryGet(item, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(key, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(key, $"must be a number, not {Kind(value)}");
            return null;
        }

        // A literal such as 1e999 overflows to infinity; the validator names it "not finite".
        return value.TryGetDouble(out var number) ? number : double.PositiveInfinity;
    }

    private static string? ReadString(JsonElement root, string name, ValidationErrors errors)
    {
        if (!TryGet(root, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, $"must be a string, not {Kind(value)}");
            return null;
        }

        return value.GetString();
    }

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static PortfolioDraft Empty(ValidationErrors errors) => new([], null, null, null, errors);
}
