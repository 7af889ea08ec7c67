using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The tools a turn's advisor may call (contract 1.1, "Conversations"): <c>what_if</c> and <c>holding_details</c>,
/// computed by the project's own analytics on the bundled market data as of the analysis' <c>asOf</c>.
/// The agent loop offers <see cref="Declarations"/> to the model and runs each call it asks for through
/// <see cref="Invoke"/>; the offline advisor plans the same calls from the question's text.
/// </summary>
public interface IAdvisorTools
{
    /// <summary>The tools as the model sees them: name, description and the JSON schema of the arguments.</summary>
    IReadOnlyList<AIFunctionDeclaration> Declarations { get; }

    /// <summary>
    /// Runs tool <paramref name="name"/> with <paramref name="arguments"/> (a JSON object) against the portfolio of
    /// <paramref name="analysis"/>. Pure and deterministic: the same call always gives the same outcome, so a retried
    /// activity may run it again.
    /// </summary>
    /// <returns>The contract's <c>result</c> object, or an <c>error</c> for a bad call (selling more than is held, a
    /// ticker not in the market data, no trades, an unknown tool); never throws for bad arguments.</returns>
    ToolOutcome Invoke(string name, JsonElement arguments, AnalysisOutput analysis);
}

/// <summary>
/// What a tool answered: exactly one of <paramref name="Result"/> (the contract's result object) and
/// <paramref name="Error"/> (a sentence for people and for the model).
/// </summary>
public sealed record ToolOutcome(JsonElement? Result, string? Error)
{
    /// <summary>A successful outcome.</summary>
    public static ToolOutcome Success(JsonElement result) => new(result, null);

    /// <summary>A failed call: the error goes back to the model as the tool's answer, and the turn goes on.</summary>
    public static ToolOutcome Failure(string error) => new(null, error);
}
