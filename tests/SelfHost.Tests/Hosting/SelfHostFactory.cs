using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>
/// The self-host on Kestrel, bound to a free loopback port, over its own SQLite file. Settings override configuration
/// (e.g. <c>Advisor:Endpoint</c> to point the advisor at a local model server).
/// </summary>
public class SelfHostFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public SelfHostFactory(IDictionary<string, string?>? settings = null)
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"selfhost-{Guid.NewGuid():N}.db");
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Storage:DatabasePath"] = DatabasePath,
        };
        foreach (var (key, value) in TestDefaults)
        {
            this.settings.TryAdd(key, value);
        }

        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Settings that keep tests quick: offline tokens and persona pacing sped up, start limits raised.</summary>
    public static IReadOnlyDictionary<string, string?> TestDefaults { get; } = new Dictionary<string, string?>
    {
        ["Limits:StartsPerMinute"] = "600",
        ["Limits:RunsInFlightPerUser"] = "50",
        ["Advisor:PacingScale"] = "0.02",
        ["Advisor:Offline:TokensPerSecond"] = "2000",
    };

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The SQLite file this host writes.</summary>
    public string DatabasePath { get; }

    /// <summary>An HTTP client on Kestrel (not the in-memory test server) naming <paramref name="user"/> as the caller.</summary>
    public HttpClient CreateUserClient(string? user = "alice")
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("x-ms-client-principal-id", user);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
