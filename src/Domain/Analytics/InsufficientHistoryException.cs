namespace PortfolioAdvisor.Analytics;

/// <summary>
/// The holdings and the benchmark share fewer than <see cref="MinimumDays"/> daily returns: too few for the figures
/// to mean anything. Hosts answer <c>400</c> before a run, or end the run with <c>run_failed</c> <c>insufficient_history</c>.
/// </summary>
public sealed class InsufficientHistoryException(int days)
    : Exception($"Only {days} common daily returns; at least {MinimumDays} are needed.")
{
    /// <summary>The fewest daily returns the analysis accepts: 60.</summary>
    public const int MinimumDays = 60;

    /// <summary>How many common daily returns there were.</summary>
    public int Days { get; } = days;
}
