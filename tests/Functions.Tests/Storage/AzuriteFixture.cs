using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;

namespace PortfolioAdvisor.Functions.Tests.Storage;

/// <summary>
/// One Azurite (npm <c>azurite</c>, pinned by <c>tests/azurite/package-lock.json</c>): its table service only, in
/// memory, on a free loopback port, started once for the tests that share it and killed after them, pass or fail.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The storage emulator's well-known development account key (public, documented by Azurite).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
    private Process? process;

    /// <summary>The development account's connection string, pointing at this Azurite's table endpoint.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A table of its own for the caller, created before it is returned.</summary>
    public TableClient CreateTable()
    {
        var table = new TableServiceClient(ConnectionString).GetTableClient($"t{Guid.NewGuid():N}");
        table.CreateIfNotExists();
        return table;
    }

    public async Task InitializeAsync()
    {
        var main = FindAzurite();
        for (var attempt = 1; ; attempt++)
        {
            // The port is free when picked but could be taken before Azurite binds it: then Azurite exits, and we retry.
            var port = FreePort();
            try
            {
                process = await StartAsync(main, port).ConfigureAwait(false);
                ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
                break;
            }
            catch (AzuriteExitedException) when (attempt < 3)
            {
            }
        }

        // Started is printed once it listens; one real request proves it answers.
        using var answered = new CancellationTokenSource(StartTimeout);
        await new TableServiceClient(ConnectionString).GetPropertiesAsync(answered.Token).ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        process?.Dispose();
        Directory.Delete(workspace, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<Process> StartAsync(string main, int port)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            main, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--silent",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        var azurite = new Process { StartInfo = info, EnableRaisingEvents = true };
        azurite.OutputDataReceived += (_, e) => Record(e.Data);
        azurite.ErrorDataReceived += (_, e) => Record(e.Data);
        azurite.Exited += (_, _) => started.TrySetException(new AzuriteExitedException($"Azurite exited before it started:{Environment.NewLine}{Snapshot()}"));
        try
        {
            azurite.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Azurite needs Node.js: `node` is not on PATH (.ci/run's machine has it).", ex);
        }

        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            if (!azurite.HasExited)
            {
                azurite.Kill(entireProcessTree: true);
            }

            azurite.Dispose();
            throw;
        }

        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("successfully started", StringComparison.OrdinalIgnoreCase))
            {
                started.TrySetResult();
            }
        }

        string Snapshot()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private static string FindAzurite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var package = Path.Combine(dir.FullName, "tests", "azurite");
            if (File.Exists(Path.Combine(package, "package.json")))
            {
                var main = Path.Combine(package, "node_modules", "azurite", "dist", "src", "table", "main.js");
                return File.Exists(main)
                    ? main
                    : throw new InvalidOperationException(
                        $"Azurite is not installed (no {main}): run `npm ci --prefix tests/azurite` (.ci/run does) before the Table storage tests.");
            }
        }

        throw new InvalidOperationException($"tests/azurite/package.json not found above {AppContext.BaseDirectory}: the Table storage tests need the repository's tests/azurite.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}

/// <summary>The tests that share one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
