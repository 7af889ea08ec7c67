using Microsoft.OpenApi;

namespace PortfolioAdvisor.SelfHost.Http.OpenApi;

/// <summary>
/// The AG-UI endpoint's body and answer. Written here rather than generated: the body is AG-UI 1.0's
/// <c>RunAgentInput</c> (docs.ag-ui.com), which the route reads member by member (<c>AgUiInput</c>) rather than binding
/// a record, and the answer is a stream of AG-UI's events, not of the project's (docs/agui.md maps one to the other).
/// </summary>
public static class AgUiSchemas
{
    /// <summary>Sets the <c>RunAgentInput</c> body and the <c>text/event-stream</c> answer of <paramref name="operation"/>.</summary>
    public static void Describe(OpenApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var message = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "id", "role" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["role"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "user, assistant, system, developer or tool; the last user message is read." },
                ["content"] = new OpenApiSchema { Description = "A string, or an array of parts whose text parts are joined." },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "AG-UI 1.0 RunAgentInput. The first run on a threadId is an analysis of the portfolio in its last user message (JSON or CSV text) or in state.holdings; each later run is a turn asking that message. At most 1 MiB.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "threadId", "runId", "messages" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["threadId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["runId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["messages"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = message },
                            ["state"] = new OpenApiSchema { Description = "Optional; state.holdings is a portfolio's holdings, as the start body's." },
                            ["tools"] = new OpenApiSchema { Type = JsonSchemaType.Array, Description = "Accepted and ignored." },
                            ["context"] = new OpenApiSchema { Type = JsonSchemaType.Array, Description = "Accepted and ignored." },
                            ["forwardedProps"] = new OpenApiSchema { Description = "Accepted and ignored." },
                        },
                    },
                },
            },
        };
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Description = "AG-UI events as Server-Sent Events ('data: <event JSON>'): RUN_STARTED, steps, text messages, tool calls, CUSTOM typing, STATE_SNAPSHOT, then RUN_FINISHED or RUN_ERROR (docs/agui.md).";
            response.Content = new Dictionary<string, OpenApiMediaType> { ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } };
        }
    }
}
