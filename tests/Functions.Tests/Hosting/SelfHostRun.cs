extern alias SelfHost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioAdvisor.Functions.Tests.Hosting;

/// <summary>
/// The self-host (its own <c>Program</c>: embedded engine, SQLite, same Domain) on Kestrel at a free loopback port, over
/// a temporary SQLite file, with the settings <see cref="FunctionsDurableHost"/> uses; the reference the Functions app's
/// output is compared with.
/// </summary>
public sealed class SelfHostRun : WebApplicationFactory<SelfHost::Program>
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"functions-tests-selfhost-{Guid.NewGuid():N}.db");

    /// <summary>Starts the self-host.</summary>
    public SelfHostRun()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-ms-client-principal-id", "alice");
    }

    /// <summary>A client on Kestrel naming <c>alice</c> as the caller.</summary>
    public HttpClient Http { get; }

    /// <summary>Runs <paramref name="body"/> (a contract request body) to its end; returns the status document.</summary>
    public async Task<JsonObject> RunAsync(string body, TimeSpan timeout)
    {
        using var started = await Http.PostAsync("api/analyses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            // The SSE stream ends with the run's terminal event; then the status holds the output.
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"api/analyses/{id}/events"))
            {
                request.Headers.Accept.ParseAdd("text/event-stream");
                using var stream = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                await stream.Content.ReadAsStringAsync(limit.Token);
            }

            var status = (await Http.GetFromJsonAsync<JsonObject>($"api/analyses/{id}", limit.Token))!;
            if (status["runtimeStatus"]!.GetValue<string>() is "Completed" or "Failed" or "Terminated")
            {
                return status;
            }
        }
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Storage:DatabasePath", databasePath);
        foreach (var (key, value) in FunctionsDurableHost.TestDefaults)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Http.Dispose();
        }

        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }
}
