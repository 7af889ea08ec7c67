using System.Globalization;

namespace PortfolioAdvisor.Streaming;

/// <summary>How both hosts write an event as a Server-Sent Events frame, in the contract's field order.</summary>
public static class SseFrame
{
    /// <summary>
    /// <c>id: seq</c>, <c>event: type</c>, <c>data: JSON</c>, then a blank line. The event JSON is one line: the
    /// serializer writes no indentation and escapes line breaks inside strings.
    /// </summary>
    public static string Format(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return string.Create(CultureInfo.InvariantCulture, $"id: {stored.Seq}\nevent: {stored.Type}\ndata: {stored.Json}\n\n");
    }

    /// <summary>A comment frame that keeps idle proxies from closing the stream.</summary>
    public const string KeepAlive = ": keep-alive\n\n";
}
