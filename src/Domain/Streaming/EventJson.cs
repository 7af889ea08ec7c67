using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioAdvisor.Streaming;

/// <summary>
/// The JSON shapes on the wire: events (camelCase, optional members left out when null) and the status document
/// (camelCase, nulls written).
/// </summary>
public static class EventJson
{
    /// <summary>Options for every event the project writes (log, hub, SSE).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Options for the status document of <c>GET /api/analyses/{id}</c> (its <c>customStatus</c> and <c>output</c>) on
    /// both hosts: camelCase with nulls written, because the contract gives null as a figure's value (e.g.
    /// <c>performance.totalReturn3Y</c> with under three years of history, <c>holdings[i].costBasis</c> when not given).
    /// </summary>
    public static JsonSerializerOptions StatusOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Serializes an event by its runtime type, so every member of the concrete event is written.</summary>
    public static string Serialize(RunEvent runEvent) =>
        JsonSerializer.Serialize(runEvent, runEvent.GetType(), Options);
}
