using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PortfolioAdvisor.Http;

namespace PortfolioAdvisor.Functions.Http;

/// <summary>
/// <c>GET /api/openapi/v1.json</c>, anonymous: the OpenAPI document of the contract, as the self-host generates it
/// (docs/openapi/v1.json, embedded at build time; tests check it equal to the self-host's and to these functions' routes).
/// </summary>
public static class OpenApiFunction
{
    /// <summary>The embedded document's resource name.</summary>
    public const string ResourceName = "openapi-v1.json";

    /// <summary>Answers the document as <c>application/json</c>.</summary>
    [Function(nameof(OpenApiDocument))]
    public static Task OpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var document = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The build embeds docs/openapi/v1.json as '{ResourceName}'.");
        return request.HttpContext.RespondAsync(Task.FromResult<IResult>(TypedResults.Stream(document, "application/json")));
    }
}
