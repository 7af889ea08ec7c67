using System.Text;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Portfolio;

/// <summary>The bundled files and names the portfolio tests read (the market data's tickers from data/tickers.csv, not MarketDataSet).</summary>
internal static class PortfolioInputs
{
    public static readonly IReadOnlyCollection<string> Personas = ["analyst", "xiaomei"];

    public static readonly IReadOnlyCollection<string> RiskProfiles = ["conservative", "balanced", "growth"];

    public static IReadOnlyCollection<string> Tickers { get; } =
        [.. File.ReadLines(DataPath("tickers.csv")).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')[0])];

    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static string PortfolioFile(string name) => File.ReadAllText(DataPath("portfolios", name));

    public static PortfolioRequestReader Reader() => new(Tickers, Personas, RiskProfiles);

    public static Task<AnalysisRequest> ReadAsync(string contentType, string body, IReadOnlyDictionary<string, string>? query = null) =>
        Reader().ReadAsync(contentType, new MemoryStream(Encoding.UTF8.GetBytes(body)), Query(query));

    public static Func<string, string?> Query(IReadOnlyDictionary<string, string>? query) =>
        name => query is not null && query.TryGetValue(name, out var value) ? value : null;

    public static async Task<PortfolioValidationException> RejectedAsync(string contentType, string body, IReadOnlyDictionary<string, string>? query = null) =>
        await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadAsync(contentType, body, query));

    public static string Holdings(params HoldingInput[] holdings) => string.Join(" | ", holdings.Select(h => $"{h.Ticker} {h.Shares} {h.CostBasis}"));
}
