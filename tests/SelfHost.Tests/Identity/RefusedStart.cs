using System.Diagnostics;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

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
        var database = Path.Combine(Path.GetTempPath(), $"refusal-{Guid.NewGuid():N}.db");
        var given = settings.Where(s => s.Value is not null).ToList();
        // Should it not refuse, it listens on a port of its own rather than the default 5000.
        var port = given.Any(s => s.Key == "urls") ? [] : new KeyValuePair<string, string?>[] { new("urls", "http://127.0.0.1:0") };
        var start = SelfHostProcess.StartInfo([new("Storage:DatabasePath", database), .. port, .. given]);
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
