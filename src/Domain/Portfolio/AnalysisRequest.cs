namespace PortfolioAdvisor.Portfolio;

/// <summary>
/// A validated request to analyse a portfolio: its holdings (tickers unique, upper case), the persona that will reply,
/// the risk profile the allocation is judged against, and the reply's language (a BCP 47 tag).
/// </summary>
public sealed record AnalysisRequest(
    IReadOnlyList<HoldingInput> Holdings,
    string Persona = AnalysisRequest.DefaultPersona,
    string RiskProfile = AnalysisRequest.DefaultRiskProfile,
    string Language = AnalysisRequest.DefaultLanguage)
{
    /// <summary>The persona used when none is named: <c>analyst</c>.</summary>
    public const string DefaultPersona = "analyst";

    /// <summary>The risk profile used when none is named: <c>balanced</c>.</summary>
    public const string DefaultRiskProfile = "balanced";

    /// <summary>The language used when none is named: <c>en</c>.</summary>
    public const string DefaultLanguage = "en";
}
