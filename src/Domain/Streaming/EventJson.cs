using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioAdvisor.Streaming;

/// <summary>The JSON shape of events and outputs on the wire: camelCase, optional members left out when null.</summary>
public static class EventJson
{
    /// <summary>Options for every event and output document the project writes.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Serializes an event by its runtime type, so every member of the concrete event is written.</summary>
    public static string Serialize(RunEvent runEvent) =>
        JsonSerializer.Serialize(runEvent, runEvent.GetType(), Options);
}
