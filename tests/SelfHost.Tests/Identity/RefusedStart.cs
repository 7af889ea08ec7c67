using System.Diagnostics;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>
/// Starts the real self-host process with settings it must refuse, and returns how it ended. A process, not a
/// <c>WebApplicationFactory</c>: when the app fails during start the factory sometimes throws its own
/// <c>ObjectDisposedException</c> instead of the app's exception (dotnet/aspnetcore#33494), losing the message.
/// </summary>
internal static class RefusedStart
{
    /// <summary>Runs the host with <paramref name="settings"/> (as <c>--key=value</c>) until it exits; its exit code and stdout + stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortfolioAdvisor.SelfHost.dll"));
        var database = Path.Combine(Path.GetTempPath(), $"refusal-{Guid.NewGuid():N}.db");
        start.ArgumentList.Add($"--Storage:DatabasePath={database}");
        var given = settings.Where(s => s.Value is not null).ToList();
        if (!given.Any(s => s.Key == "urls"))
        {
            // Should it not refuse, it listens on a port of its own rather than the default 5000.
            start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        }

        foreach (var (key, value) in given)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(database + suffix);
        }

        return (process.ExitCode, output);
    }
}
