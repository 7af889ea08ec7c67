using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Http;

/// <summary>
/// Where an events request starts: <c>Last-Event-ID</c> (sent by <c>EventSource</c> when it reconnects) when present,
/// else <c>?after=</c>, else 0. Either must be a whole number ≥ 0 in invariant digits.
/// </summary>
public static class EventCursor
{
    /// <summary>The query parameter, and the field a malformed cursor's problem names.</summary>
    public const string Name = "after";

    /// <summary>The SSE reconnection header.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>Reads the cursor of <paramref name="request"/>; false when the one given is malformed.</summary>
    public static bool TryRead(HttpRequest request, out long after)
    {
        ArgumentNullException.ThrowIfNull(request);
        after = 0;
        var lastEventId = request.Headers[LastEventIdHeader].ToString();
        var text = lastEventId.Length > 0 ? lastEventId : request.Query.TryGetValue(Name, out var query) ? query.ToString() : null;
        return text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0);
    }
}
