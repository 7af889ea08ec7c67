using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Http;

/// <summary>
/// The served OpenAPI document against the routes the self-host actually maps, the problem answers each operation must
/// list, and the committed copy (docs/openapi/v1.json) that the Azure host's test reads.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Host>
{
    /// <summary>The operations whose 409 names the turn in the way (<c>runningTurnId</c>).</summary>
    private static readonly string[] TurnConflicts = ["POST /api/analyses/{id}/messages", "POST /api/agui"];

    /// <summary>The problem statuses (4xx) each operation of contract 1.1 answers.</summary>
    private static readonly Dictionary<string, int[]> Problems = new()
    {
        ["POST /api/analyses"] = [400, 401, 413, 415, 422, 429],
        ["GET /api/analyses/{id}"] = [401, 404],
        ["GET /api/analyses/{id}/events"] = [400, 401, 404],
        ["POST /api/analyses/{id}/terminate"] = [401, 404, 409],
        ["POST /api/analyses/{id}/messages"] = [400, 401, 404, 409, 413, 415, 429],
        ["GET /api/analyses/{id}/messages"] = [401, 404],
        ["POST /api/agui"] = [400, 401, 404, 409, 413, 415, 429],
        ["POST /api/negotiate"] = [401],
        ["GET /api/health"] = [],
    };

    private readonly Host host;

    public OpenApiDocumentTests(Host host) => this.host = host;

    [Fact]
    public async Task Document_NamesExactlyTheMappedContractRoutes()
    {
        var document = await host.DocumentAsync();

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsContractRoute(e.RoutePattern.RawText))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, Operations(document).Select(o => o.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task EveryOperation_ListsItsProblemAnswers_AsProblemJson()
    {
        var document = await host.DocumentAsync();

        foreach (var (operation, body) in Operations(document))
        {
            Assert.True(Problems.TryGetValue(operation, out var expected), $"{operation} is not in this test's table of problem answers.");
            var responses = body["responses"]!.AsObject();
            var problems = responses.Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Where(s => s is >= 400 and < 500).Order().ToArray();
            Assert.True(expected.SequenceEqual(problems), $"{operation} lists problems [{string.Join(',', problems)}], expected [{string.Join(',', expected)}].");
            foreach (var status in problems)
            {
                var schema = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]?["application/problem+json"]?["schema"];
                Assert.NotNull(schema);
                if (status == 409 && TurnConflicts.Contains(operation))
                {
                    Assert.NotNull(schema["properties"]?["runningTurnId"]);
                    Assert.NotNull(schema["properties"]?["detail"]);
                    continue;
                }

                Assert.Equal(status == 400 ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails", schema["$ref"]?.GetValue<string>());
            }

            if (problems.Contains(429))
            {
                Assert.NotNull(responses["429"]!["headers"]?["Retry-After"]);
            }
        }

        Assert.NotNull(document["components"]!["schemas"]!["HttpValidationProblemDetails"]!["properties"]!["errors"]);
    }

    [Fact]
    public async Task Document_DescribesTheBodies_FromTheDomainRecords()
    {
        var document = await host.DocumentAsync();
        var start = document["paths"]!["/api/analyses"]!["post"]!;
        var events = document["paths"]!["/api/analyses/{id}/events"]!["get"]!["responses"]!["200"]!["content"]!;
        var schemas = document["components"]!["schemas"]!;

        Assert.Equal(["application/json", "text/csv", "image/png", "image/jpeg"], start["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["id", "statusQueryGetUri", "eventsUri", "terminatePostUri"], schemas["StartResponse"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(schemas["RunStatusResponse"]!["properties"]!["output"]!["anyOf"]);
        Assert.NotNull(events["text/event-stream"]);
        var types = events["application/json"]!["schema"]!["items"]!["oneOf"]!.AsArray().Select(v => v!["properties"]!["type"]!["enum"]![0]!.GetValue<string>());
        Assert.Equal(typeof(global::PortfolioAdvisor.Streaming.EventTypes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CommittedDocument_EqualsTheServedOne()
    {
        var served = await host.DocumentAsync();
        served.Remove("servers");
        var path = Path.Combine(RepositoryPaths.Root, "docs", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(served, committed), "docs/openapi/v1.json differs from the served document: regenerate it with UPDATE_OPENAPI=1 dotnet test tests/SelfHost.Tests --filter OpenApiDocumentTests.");
    }

    /// <summary>
    /// The contract's routes: everything under <c>/api/</c> but the self-host's page helper <c>/api/identity</c>. Static
    /// files, the hub, <c>/metrics</c> and the document itself lie outside.
    /// </summary>
    private static bool IsContractRoute(string? pattern) =>
        pattern is not null && pattern.StartsWith("/api/", StringComparison.Ordinal) && pattern != "/api/identity";

    private static string Normalize(string pattern) => pattern.TrimEnd('/');

    private static IEnumerable<KeyValuePair<string, JsonNode>> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => KeyValuePair.Create($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!)));

    /// <summary>One self-host for the class; the document is fetched anonymously.</summary>
    public sealed class Host : SelfHostFactory
    {
        public async Task<JsonObject> DocumentAsync()
        {
            using var client = CreateUserClient(user: null);
            using var response = await client.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }
    }
}
