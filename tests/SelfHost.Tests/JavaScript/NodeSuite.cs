using System.Diagnostics;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.JavaScript;

/// <summary>Runs one <c>tests/js</c> suite under <c>node --test</c> with the given environment, asserting it passes.</summary>
public static class NodeSuite
{
    public static async Task RunAsync(string file, IReadOnlyDictionary<string, string> environment, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "js");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules")),
            "tests/js/node_modules is missing: run `npm ci --prefix tests/js` (bash .ci/run does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=spec");
        start.ArgumentList.Add(file);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"node --test {file} failed:\n{await stdout}\n{await stderr}");
    }
}
