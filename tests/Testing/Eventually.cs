namespace PortfolioAdvisor.Testing;

/// <summary>
/// Waits for state the test has no signal to await (another process, an HTTP resource, a model server's request
/// list): reads it every 20 ms until the condition holds, and fails the test with <c>because</c> past the deadline.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The first value <paramref name="read"/> returns that satisfies <paramref name="condition"/> within <paramref name="within"/>.</summary>
    public static async Task<T> ReachAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within, string because)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds, at most <paramref name="within"/> from now.</summary>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string because) =>
        ReachAsync(() => Task.FromResult(condition()), held => held, within, because);
}
