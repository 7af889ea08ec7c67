using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Http;

/// <summary>
/// What <c>POST /api/agui</c> reads of an AG-UI <c>RunAgentInput</c> (<c>{ threadId, runId, messages, tools, context,
/// state, forwardedProps }</c>): the thread and run ids, the text of the last <c>user</c> message (a string content, or
/// the <c>text</c> parts of an array content joined), and <c>state.holdings</c> as JSON (null when absent). <c>tools</c>,
/// <c>context</c> and <c>forwardedProps</c> are accepted and not used: the advisor's tools are its own.
/// </summary>
public sealed record AgUiInput(string ThreadId, string RunId, string? LastUserText, string? StateHoldingsJson)
{
    /// <summary>The longest thread or run id accepted, in characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>
    /// The analysis whose conversation thread <paramref name="threadId"/> is: derived, not stored, as the first 16 bytes
    /// of SHA-256(<c>"agui-thread:" + threadId</c>) in lowercase hex (32 characters, the shape of the project's run
    /// ids). The same thread always names the same analysis on either host, and the analysis' owner is the thread's.
    /// </summary>
    public static string AnalysisIdOf(string threadId)
    {
        ArgumentNullException.ThrowIfNull(threadId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("agui-thread:" + threadId));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>Reads a <c>RunAgentInput</c> from UTF-8 JSON.</summary>
    /// <exception cref="PortfolioValidationException">Malformed JSON, or <c>threadId</c>, <c>runId</c> or <c>messages</c> missing or of the wrong type; every offending field named.</exception>
    public static AgUiInput Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException malformed)
        {
            throw Invalid("body", $"is not valid JSON ({malformed.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("body", "must be a RunAgentInput object");
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var threadId = Id(root, "threadId", errors);
            var runId = Id(root, "runId", errors);
            string? lastUser = null;
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                errors["messages"] = ["is required and must be an array of messages"];
            }
            else
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "user")
                    {
                        lastUser = TextOf(message);
                    }
                }
            }

            if (errors.Count > 0)
            {
                throw new PortfolioValidationException("The AG-UI run input is not valid.", errors);
            }

            string? holdings = null;
            if (root.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.Object
                && state.TryGetProperty("holdings", out var held) && held.ValueKind != JsonValueKind.Null)
            {
                holdings = held.GetRawText();
            }

            return new AgUiInput(threadId!, runId!, lastUser, holdings);
        }
    }

    private static string? TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == "text" && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }

    private static string? Id(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors[name] = ["is required and must be a non-empty string"];
            return null;
        }

        var id = value.GetString()!;
        if (id.Length > MaxIdLength)
        {
            errors[name] = [$"must be at most {MaxIdLength} characters"];
            return null;
        }

        return id;
    }

    private static PortfolioValidationException Invalid(string field, string problem) =>
        new("The AG-UI run input is not valid.", new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [problem] });
}
