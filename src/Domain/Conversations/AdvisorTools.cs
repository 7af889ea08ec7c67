using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.MarketData;
using PortfolioAdvisor.Orchestration;

namespace PortfolioAdvisor.Conversations;

/// <summary>
/// The advisor's tools over the bundled market data: <see cref="WhatIfTool"/> (<c>what_if</c>) and
/// <see cref="HoldingDetailsTool"/> (<c>holding_details</c>). Stateless and thread-safe: one instance serves the process.
/// </summary>
public sealed class AdvisorTools : IAdvisorTools
{
    private readonly WhatIfTool whatIf;
    private readonly HoldingDetailsTool holdingDetails;

    /// <summary>Creates the tools over <paramref name="market"/>, the data the analyses use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="market"/> is null.</exception>
    public AdvisorTools(MarketDataSet market)
    {
        whatIf = new WhatIfTool(market);
        holdingDetails = new HoldingDetailsTool(market);
        Declarations = [whatIf.Declaration, holdingDetails.Declaration];
    }

    /// <inheritdoc />
    public IReadOnlyList<AIFunctionDeclaration> Declarations { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="analysis"/> is null.</exception>
    public ToolOutcome Invoke(string name, JsonElement arguments, AnalysisOutput analysis)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(analysis);
        return name switch
        {
            WhatIfTool.Name => whatIf.Invoke(arguments, analysis),
            HoldingDetailsTool.Name => holdingDetails.Invoke(arguments, analysis),
            _ => ToolOutcome.Failure($"There is no tool named '{name}'; the tools are {WhatIfTool.Name} and {HoldingDetailsTool.Name}."),
        };
    }
}
