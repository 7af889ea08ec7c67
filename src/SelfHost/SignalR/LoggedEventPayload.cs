using System.Text.Json;
using System.Text.Json.Serialization;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.SignalR;

/// <summary>
/// A logged event as a hub argument: written into the invocation as the log's JSON text, unparsed. Parsing each event
/// into a <see cref="JsonElement"/> and writing it back cost more CPU per token than the rest of the hub send
/// (docs/performance.md); the log's text is already one valid JSON object.
/// </summary>
[JsonConverter(typeof(LoggedEventPayloadConverter))]
public sealed record LoggedEventPayload(StoredEvent Event);

/// <summary>Writes a <see cref="LoggedEventPayload"/> as its raw JSON; reading one is not supported (clients never send it).</summary>
public sealed class LoggedEventPayloadConverter : JsonConverter<LoggedEventPayload>
{
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: the payload only goes from server to client.</exception>
    public override LoggedEventPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A logged event payload is only written.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, LoggedEventPayload value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);

        // The log wrote this text with EventJson.Options, so it needs no second validation.
        writer.WriteRawValue(value.Event.Json, skipInputValidation: true);
    }
}
