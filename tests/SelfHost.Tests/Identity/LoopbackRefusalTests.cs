using System.Diagnostics;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>Development mode believes the header, so the self-host will not start on an address beyond loopback.</summary>
public sealed class LoopbackRefusalTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://*:0")]
    public async Task Development_RefusesToStart_And_SaysHowToChoose_When_AskedToListenBeyondLoopback(string urls)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortfolioAdvisor.SelfHost.dll"));
        start.ArgumentList.Add($"--urls={urls}");
        var database = Path.Combine(Path.GetTempPath(), $"refusal-{Guid.NewGuid():N}.db");
        start.ArgumentList.Add($"--Storage:DatabasePath={database}");
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

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Identity:Mode is 'development'", output, StringComparison.Ordinal);
        Assert.Contains("--Identity:Mode=bearer", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
    }
}
