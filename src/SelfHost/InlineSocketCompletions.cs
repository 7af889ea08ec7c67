namespace PortfolioAdvisor.SelfHost;

/// <summary>
/// Runs socket completions on the socket engine's thread instead of queueing each one to the thread pool
/// (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>). A model's stream arrives one token per socket read, and
/// each read's hop to a pool thread (a queued work item, a worker woken and put back to sleep) was a measurable part
/// of a token's CPU: with it off, 100 streams in steady state cost ~8 % more host CPU per token (docs/performance.md).
/// The code that runs inline is the model stream's parsing up to the advisor's next await; request handlers still
/// run on the pool (Kestrel schedules them there).
/// </summary>
internal static class InlineSocketCompletions
{
    /// <summary>The runtime reads this variable once, when the first socket is created.</summary>
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline completions on unless <c>Sockets:InlineCompletions</c> is false or the variable is already set.
    /// Call before the host starts (before any socket exists); later it has no effect.
    /// </summary>
    public static void Apply(IConfiguration configuration)
    {
        if (Environment.GetEnvironmentVariable(Variable) is null && configuration.GetValue("Sockets:InlineCompletions", true))
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
