using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PortfolioAdvisor.Functions.Http;

namespace PortfolioAdvisor.Functions.Tests.Http;

/// <summary>
/// The Azure host documents the same routes: the HTTP functions' triggers (read by reflection from the built assembly)
/// equal the paths and methods of the OpenAPI document the self-host serves, as committed in docs/openapi/v1.json (whose
/// equality with the served document the self-host's OpenApiDocumentTests check), and each operationId is the function's name.
/// </summary>
public sealed class OpenApiRoutesTests
{
    /// <summary>host.json's <c>extensions.http.routePrefix</c>.</summary>
    private const string RoutePrefix = "/api/";

    [Fact]
    public void HttpFunctions_EqualTheDocumentsOperations()
    {
        var functions = typeof(AnalysesFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null && f.Function.Name != nameof(OpenApiFunction.OpenApiDocument))
            .SelectMany(f => f.Trigger!.Methods!.Select(method => $"{method.ToUpperInvariant()} {RoutePrefix}{f.Trigger.Route} {f.Function!.Name}"))
            .Concat(CompiledOut())
            .Order(StringComparer.Ordinal).ToArray();

        var document = JsonNode.Parse(File.ReadAllText(DocumentPath()))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => $"{op.Key.ToUpperInvariant()} {path.Key} {op.Value!["operationId"]!.GetValue<string>()}"))
            .Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(functions);
        Assert.Equal(operations, functions);
    }

    [Fact]
    public async Task OpenApiDocument_AnswersTheCommittedDocument()
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        http.Response.Body = body;

        await OpenApiFunction.OpenApiDocument(http.Request);

        Assert.Equal("application/json", http.Response.ContentType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(DocumentPath())), JsonNode.Parse(body.ToArray())));
    }

    /// <summary>
    /// The HTTP functions of the Azure SignalR Service adapter when this build left it out (<c>SignalRService=false</c>:
    /// its packages are not served here), read from their source's <c>[Function]</c> and <c>[HttpTrigger]</c>.
    /// </summary>
    private static IEnumerable<string> CompiledOut()
    {
        if (typeof(AnalysesFunctions).Assembly.GetType("PortfolioAdvisor.Functions.SignalR.NegotiateFunction") is not null)
        {
            return [];
        }

        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Functions", "SignalR", "NegotiateFunction.cs"));
        var triggers = Regex.Matches(source, @"\[Function\(nameof\((\w+)\)\)\][\s\S]*?\[HttpTrigger\(AuthorizationLevel\.\w+,\s*((?:""\w+"",\s*)+)Route\s*=\s*""([^""]+)""\)\]");
        Assert.NotEmpty(triggers);
        return triggers.SelectMany(t => Regex.Matches(t.Groups[2].Value, @"""(\w+)""").Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} {RoutePrefix}{t.Groups[3].Value} {t.Groups[1].Value}"));
    }

    private static string DocumentPath() => Path.Combine(RepositoryRoot(), "docs", "openapi", "v1.json");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
