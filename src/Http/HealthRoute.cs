using Microsoft.AspNetCore.Http;

namespace PortfolioAdvisor.Http;

/// <summary><c>GET /api/health</c>: anonymous (contract 1.1), and nothing about any user or run.</summary>
public static class HealthRoute
{
    /// <summary>The <see cref="HealthResponse.Host"/> of the self-host.</summary>
    public const string SelfHost = "self-host";

    /// <summary>The <see cref="HealthResponse.Host"/> of the Azure Functions app.</summary>
    public const string Functions = "functions";

    /// <summary>
    /// <c>200</c> <see cref="HealthResponse"/>: <paramref name="activeConnections"/> as the host counts them, and the runs
    /// in flight of every user, from <paramref name="runs"/>.
    /// </summary>
    public static async Task<IResult> GetAsync(IAnalysisRuns runs, int activeConnections, string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var inFlight = await runs.CountInFlightAsync(null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new HealthResponse("healthy", activeConnections, inFlight, host));
    }
}

/// <summary>The health answer: <paramref name="Status"/> "healthy", open connections, runs in flight, and which host answered.</summary>
public sealed record HealthResponse(string Status, int ActiveConnections, int RunsInFlight, string Host);
