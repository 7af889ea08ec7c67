namespace PortfolioAdvisor.Telemetry;

/// <summary>
/// Explicit histogram bucket boundaries, passed as instrument advice (the SDK's default boundaries, 0 to 10,000, suit
/// milliseconds, not seconds). The time boundaries are those the GenAI semantic conventions give for
/// <c>gen_ai.server.time_to_first_token</c>, <c>gen_ai.server.time_per_output_token</c> and
/// <c>gen_ai.client.operation.duration</c>.
/// </summary>
internal static class Buckets
{
    /// <summary>Seconds to a first token.</summary>
    public static readonly double[] FirstToken = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0];

    /// <summary>Seconds per output token.</summary>
    public static readonly double[] PerToken = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    /// <summary>Seconds a run or a call lasts.</summary>
    public static readonly double[] Duration = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68];

    /// <summary>Tokens per second.</summary>
    public static readonly double[] Rate = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000];

    /// <summary>Tokens per frame.</summary>
    public static readonly int[] PerFrame = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100];
}
