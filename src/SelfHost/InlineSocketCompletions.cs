namespace PortfolioAdvisor.SelfHost;

/// <summary>
/// Runs socket completions on the socket engine's thread instead of queueing each one to the thread pool
/// (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>). A model's stream arrives one token per socket read, and
/// each read's hop to a pool thread (a queued work item, a worker woken and put back to sleep) was a measurable part
/// of a token's CPU: with it on, 100 streams in steady state cost ~8 % less host CPU per token (docs/performance.md).
/// Off by default: inline, a continuation that blocks (a synchronous SQLite call, a contended write lock) stalls every
/// socket of the process until it returns. The suite's one-second terminate test failed once at 2 s in a run after it
/// was made the default (the same test had failed at 2.0–2.3 s under load before it), which could not be told apart
/// in the time there was: it is a setting to choose, not a default.
/// Request handlers still run on the pool either way (Kestrel schedules them there).
/// </summary>
internal static class InlineSocketCompletions
{
    /// <summary>The runtime reads this variable once, when the first socket is created.</summary>
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on when <c>Sockets:InlineCompletions</c> is true and the variable is not already set.
    /// Call before the host starts (before any socket exists); later it has no effect.
    /// </summary>
    public static void Apply(IConfiguration configuration)
    {
        if (Environment.GetEnvironmentVariable(Variable) is null && configuration.GetValue("Sockets:InlineCompletions", false))
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
