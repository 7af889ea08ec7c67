using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PortfolioAdvisor.Functions.Storage;

/// <summary>
/// Row keys of a run's partition. Prefixes keep the three kinds apart, and the event keys are zero-padded so a
/// lexicographic range query returns events in seq order.
/// </summary>
public static class EventLogKeys
{
    /// <summary>The head entity: next seq, completed-node count, terminal flag, owner.</summary>
    public const string Head = "h";

    /// <summary>Lower bound (exclusive) of the event range: every event key is greater.</summary>
    public const string EventPrefix = "e:";

    /// <summary>Upper bound (exclusive) of the event range: <c>';'</c> is the character after <c>':'</c>.</summary>
    public const string EventRangeEnd = "e;";

    /// <summary>The row key of event <paramref name="seq"/>: <c>e:</c> and 19 digits (the width of <see cref="long.MaxValue"/>).</summary>
    public static string Event(long seq) => EventPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The row key recording dedupe key <paramref name="dedupeKey"/>. Hashed because Table row keys forbid
    /// <c>/ \ # ?</c> and control characters, which message ids may contain.
    /// </summary>
    public static string Dedupe(string dedupeKey) =>
        "d:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)));
}
