namespace PortfolioAdvisor.Portfolio;

/// <summary>STUB (convert helper replaces): reads JSON and brokerage CSV bodies into requests.</summary>
public static class PortfolioReader
{
    /// <summary>Reads the contract's JSON body.</summary>
    /// <exception cref="PortfolioValidationException">Malformed JSON or fields.</exception>
    public static AnalysisRequest ReadJson(ReadOnlySpan<byte> utf8Json) => throw new NotImplementedException();

    /// <summary>Reads a brokerage positions CSV export; options come from the query string.</summary>
    /// <exception cref="PortfolioValidationException">Malformed CSV or rows.</exception>
    public static AnalysisRequest ReadCsv(string text, string? persona, string? riskProfile, string? language) => throw new NotImplementedException();
}
