using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PortfolioAdvisor.Http;
using PortfolioAdvisor.Streaming;

namespace PortfolioAdvisor.SelfHost.Http.OpenApi;

/// <summary>
/// The operations' names (their <c>operationId</c>, equal to the Azure functions' names) and what the endpoint metadata
/// cannot say because the shared handlers answer <see cref="IResult"/> and read their own query, headers and body: the
/// start's CSV and image bodies and query, the cursor, the SSE answer, the terminate reason and <c>Retry-After</c>.
/// </summary>
public static class ContractOperations
{
    /// <summary><c>POST /api/analyses</c>.</summary>
    public const string StartAnalysis = nameof(StartAnalysis);

    /// <summary><c>GET /api/analyses/{id}</c>.</summary>
    public const string GetAnalysisStatus = nameof(GetAnalysisStatus);

    /// <summary><c>GET /api/analyses/{id}/events</c>.</summary>
    public const string GetAnalysisEvents = nameof(GetAnalysisEvents);

    /// <summary><c>POST /api/analyses/{id}/terminate</c>.</summary>
    public const string TerminateAnalysis = nameof(TerminateAnalysis);

    /// <summary><c>POST /api/analyses/{id}/messages</c>.</summary>
    public const string PostAnalysisMessage = nameof(PostAnalysisMessage);

    /// <summary><c>GET /api/analyses/{id}/messages</c>.</summary>
    public const string GetAnalysisMessages = nameof(GetAnalysisMessages);

    /// <summary><c>POST /api/agui</c>.</summary>
    public const string AgUiRun = nameof(AgUiRun);

    /// <summary><c>POST /api/negotiate</c>.</summary>
    public const string Negotiate = nameof(Negotiate);

    /// <summary><c>GET /api/health</c>.</summary>
    public const string Health = nameof(Health);

    /// <summary>Completes <paramref name="operation"/> by its <c>operationId</c>; adds <c>Retry-After</c> to every 429.</summary>
    public static async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.Responses?.TryGetValue("429", out var tooMany) == true && tooMany is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Whole seconds (at least 1) to wait before starting another analysis.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            };
        }

        switch (operation.OperationId)
        {
            case StartAnalysis:
                DescribeStart(operation);
                break;
            case GetAnalysisEvents:
                await DescribeEventsAsync(operation, context, cancellationToken).ConfigureAwait(false);
                break;
            case PostAnalysisMessage:
                await DescribeTurnConflictAsync(operation, context, cancellationToken).ConfigureAwait(false);
                AddParameter(operation, ParameterLocation.Query, ConversationRoutes.MultitaskParameter, $"What the question does to a turn that has not ended: {ConversationRoutes.Reject} (the default: 409) or {ConversationRoutes.Interrupt} (terminate it, reason interrupted, and start this one).", JsonSchemaType.String);
                break;
            case AgUiRun:
                await DescribeTurnConflictAsync(operation, context, cancellationToken).ConfigureAwait(false);
                AgUiSchemas.Describe(operation);
                break;
            case TerminateAnalysis:
                AddParameter(operation, ParameterLocation.Query, "reason", $"Why the run is stopped: trimmed, at most {AnalysesRoutes.MaxReasonLength} characters; \"{AnalysesRoutes.DefaultTerminateReason}\" when blank.", JsonSchemaType.String);
                break;
        }
    }

    private static void DescribeStart(OpenApiOperation operation)
    {
        var content = operation.RequestBody?.Content;
        if (content is null)
        {
            return;
        }

        content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A brokerage positions export (formats in data/portfolios/FORMATS.md); at most 1 MiB." } };
        foreach (var image in new[] { "image/png", "image/jpeg" })
        {
            content[image] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "A screenshot of a brokerage portfolio, read by a vision-capable model (422 when none is configured); at most 5 MiB." } };
        }

        AddParameter(operation, ParameterLocation.Query, "persona", "For a CSV or image body: the persona that replies (default analyst).", JsonSchemaType.String);
        AddParameter(operation, ParameterLocation.Query, "riskProfile", "For a CSV or image body: conservative, balanced (the default) or growth.", JsonSchemaType.String);
        AddParameter(operation, ParameterLocation.Query, "language", "For a CSV or image body: the reply's language, a BCP 47 tag (default en).", JsonSchemaType.String);
    }

    private static async Task DescribeEventsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        AddParameter(operation, ParameterLocation.Query, EventCursor.Name, "Only events with seq greater than this (a whole number ≥ 0; default 0).", JsonSchemaType.Integer);
        AddParameter(operation, ParameterLocation.Header, EventCursor.LastEventIdHeader, "For text/event-stream: resume after this seq (as ?after=).", JsonSchemaType.Integer);
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse events)
        {
            return;
        }

        var union = await ContractSchemas.EventUnionAsync(context.GetOrCreateSchemaAsync, cancellationToken).ConfigureAwait(false);
        events.Content ??= new Dictionary<string, OpenApiMediaType>();
        events.Content["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = union, Description = "The run's events with seq > after, in seq order." } };
        events.Content["text/event-stream"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Server-Sent Events when the request accepts text/event-stream: each event as 'id: <seq>', 'event: <type>', "
                    + "'data: <event JSON>' (the event schema of application/json's items); what was missed first, then live events; ends after the run's terminal event.",
            },
            Example = JsonValue.Create($"id: 1\nevent: {EventTypes.RunStarted}\ndata: {{\"type\":\"{EventTypes.RunStarted}\",\"runId\":\"…\",\"seq\":1,…}}\n\n"),
        };
    }

    private static async Task DescribeTurnConflictAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("409", out var conflict) != true || conflict is not OpenApiResponse response)
        {
            return;
        }

        var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken).ConfigureAwait(false);
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties[ApiProblems.RunningTurnIdMember] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Description = "The turn that has not ended (or the analysis still running); null when none is running.",
        };
        problem.Required ??= new HashSet<string>();
        problem.Required.Add(ApiProblems.RunningTurnIdMember);
        response.Description = "The conversation cannot take a question now (its analysis is not Completed, or another turn has not ended).";
        response.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } };
    }

    private static void AddParameter(OpenApiOperation operation, ParameterLocation where, string name, string description, JsonSchemaType type)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = where,
            Description = description,
            Schema = new OpenApiSchema { Type = type, Minimum = type == JsonSchemaType.Integer ? "0" : null },
        });
    }
}
