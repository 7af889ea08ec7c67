using System.Text.Json;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>Small readers of event JSON for the reliability tests.</summary>
internal static class EventQueries
{
    public static string Type(this JsonElement e) => e.GetProperty("type").GetString()!;

    public static long Seq(this JsonElement e) => e.GetProperty("seq").GetInt64();

    public static string? MessageId(this JsonElement e) => e.TryGetProperty("messageId", out var id) ? id.GetString() : null;

    public static JsonElement[] OfType(this IEnumerable<JsonElement> events, string type) => [.. events.Where(e => e.Type() == type)];

    /// <summary>The advice messages of a status' output.</summary>
    public static string[] AdviceMessages(this JsonElement status) =>
        [.. status.GetProperty("output").GetProperty("advice").GetProperty("messages").EnumerateArray().Select(m => m.GetString()!)];
}
