namespace PortfolioAdvisor.Streaming;

/// <summary>An event as the log holds it: its run, seq, wire type and JSON document (the exact text clients receive).</summary>
public sealed record StoredEvent(string RunId, long Seq, string Type, string Json);

/// <summary>
/// An event to append. A non-null <paramref name="DedupeKey"/> makes the append idempotent: an activity that runs again
/// (activities run at least once) does not log the same fact twice.
/// </summary>
public sealed record EventDraft(RunEvent Event, string? DedupeKey = null);
