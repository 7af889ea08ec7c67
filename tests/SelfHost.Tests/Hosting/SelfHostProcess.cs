using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>
/// The self-host as a separate process (<c>dotnet PortfolioAdvisor.SelfHost.dll</c>), so a test can kill it with
/// SIGKILL mid-run and start it again over the same SQLite file, as a host that dies would be restarted.
/// </summary>
public sealed class SelfHostProcess : IDisposable
{
    private readonly Process process;

    private SelfHostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// How to start <c>dotnet PortfolioAdvisor.SelfHost.dll</c> from the test's output folder in Production, with each
    /// of <paramref name="settings"/> as <c>--key=value</c> and stdout and stderr redirected.
    /// </summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PortfolioAdvisor.SelfHost.dll"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    /// <summary>Starts the self-host on a free loopback port with <paramref name="settings"/> and waits until it answers.</summary>
    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = StartInfo([new("urls", baseAddress.ToString().TrimEnd('/')), .. settings]);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new SelfHostProcess(process, baseAddress);
        using var client = host.CreateUserClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("api/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                host.Dispose();
                throw new InvalidOperationException($"The self-host did not start on {baseAddress}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An HTTP client naming <paramref name="user"/> as the caller.</summary>
    public HttpClient CreateUserClient(string user = "alice")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-ms-client-principal-id", user);
        return client;
    }

    /// <summary>SIGKILL: the process dies at once, with no shutdown code run.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
