using PortfolioAdvisor.Portfolio;
using static PortfolioAdvisor.Tests.Portfolio.PortfolioInputs;

namespace PortfolioAdvisor.Tests.Portfolio;

public class BrokerageCsvTests
{
    [Fact]
    public async Task ReadAsync_ReturnsEveryAccountsFunds_When_FidelityExport()
    {
        var request = await ReadAsync("text/csv", PortfolioFile("fidelity-positions.csv"));

        Assert.Equal(
            Holdings(
                new("VTI", 85, 18309), new("IEFA", 220, 13673), new("VWO", 140, 5782), new("TLT", 60, 5925),
                new("BND", 180, 13158), new("LQD", 45, 4914), new("VNQ", 55, 4653), new("GLD", 18, 3094.20),
                new("DBC", 120, 2208), new("BIL", 90, 8095.50)),
            Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_SkipsTitleAndCashRows_When_SchwabExport()
    {
        var request = await ReadAsync("text/csv", PortfolioFile("schwab-positions.csv"));

        Assert.Equal(
            Holdings(new("VTI", 30, 8100), new("IEMG", 75, 3900), new("TLT", 40, 4100), new("GLD", 12, 2300), new("HYG", 50, 3850)),
            Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_StopsBeforeTransactions_When_VanguardExport()
    {
        var request = await ReadAsync("text/csv", PortfolioFile("vanguard-ofxdownload.csv"));

        // VMFXX is the settlement money market (cash); the transactions block's VEA buy of 20 must not be added.
        Assert.Equal(
            Holdings(new("VTI", 42.5, null), new("VEA", 180, null), new("BND", 95.25, null), new("VNQ", 20, null), new("VWO", 60, null)),
            Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_TakesOptionsFromQuery_When_Csv()
    {
        var query = new Dictionary<string, string> { ["persona"] = "xiaomei", ["riskProfile"] = "growth", ["language"] = "zh-Hans" };

        var request = await ReadAsync("text/csv; charset=utf-8", PortfolioFile("schwab-positions.csv"), query);

        Assert.Equal(("xiaomei", "growth", "zh-Hans"), (request.Persona, request.RiskProfile, request.Language));
    }

    [Fact]
    public async Task ReadAsync_NamesAllFiveBadRows_When_BrokenCsv()
    {
        var error = await RejectedAsync("text/csv", PortfolioFile("broken.csv"));

        Assert.Equal(
            ["row 3.Symbol", "row 4.Quantity", "row 5.Last Price", "row 6.Symbol", "row 7.Quantity"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ZZQX is not in the market data", error.Errors["row 3.Symbol"][0], StringComparison.Ordinal);
        Assert.Contains("greater than zero", error.Errors["row 4.Quantity"][0], StringComparison.Ordinal);
        Assert.Contains("missing", error.Errors["row 5.Last Price"][0], StringComparison.Ordinal);
        Assert.Equal("is empty", error.Errors["row 6.Symbol"][0]);
        Assert.Equal("'abc' is not a number", error.Errors["row 7.Quantity"][0]);
    }

    [Fact]
    public async Task ReadAsync_MergesSharesAndCostBasis_When_SameTickerInTwoAccounts()
    {
        const string csv = """
            Account Number,Account Name,Symbol,Description,Quantity,Cost Basis Total,Type
            X1,Individual,VTI,VANGUARD TOTAL STOCK MARKET ETF,10,"$2,000.00",Cash
            X1,Individual,SPAXX**,HELD IN MONEY MARKET,--,--,Cash
            Z2,ROTH IRA,vti ,VANGUARD TOTAL STOCK MARKET ETF,5.5,"$1,100.50",Cash
            Z2,ROTH IRA,Pending Activity,,,,
            """;

        var request = await ReadAsync("text/csv", csv);

        Assert.Equal(Holdings(new HoldingInput("VTI", 15.5, 3100.50)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_ReadsSignedMoneyAndBom_When_ShortFidelityVariant()
    {
        const string csv = "\uFEFFPositions for account(s) as of Oct-01-2025\r\n"
            + "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Current Value,Cost Basis Total,Type\r\n"
            + "X1,Individual,BND,BOND,\"1,200\",+$74.32,\"$89,184.00\",\"$88,000.25\",Cash,\r\n";

        var request = await ReadAsync("text/csv", csv);

        Assert.Equal(Holdings(new HoldingInput("BND", 1200, 88000.25)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_TreatsFormulaAsText_When_SymbolCellStartsWithEquals()
    {
        const string csv = "Symbol,Quantity\n\"=HYPERLINK(\"\"http://x\"\",\"\"VTI\"\")\",3\n=1+2,4\n";

        var error = await RejectedAsync("text/csv", csv);

        Assert.Contains("spreadsheet formula", error.Errors["row 2.Symbol"][0], StringComparison.Ordinal);
        Assert.Contains("'=1+2'", error.Errors["row 3.Symbol"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RejectsWithHeaderError_When_NoPositionsHeader()
    {
        var error = await RejectedAsync("text/csv", "name,amount\nfoo,3\n");

        Assert.Equal(["header"], error.Errors.Keys);
    }

    [Fact]
    public async Task ReadAsync_RejectsWithHoldingsError_When_OnlyCash()
    {
        const string csv = "\"Symbol\",\"Qty (Quantity)\",\"Cost Basis\",\n\"Cash & Cash Investments\",\"--\",\"--\",\n\"Account Total\",\"--\",\"--\",\n";

        var error = await RejectedAsync("text/csv", csv);

        Assert.Contains("no positions", Assert.Single(error.Errors["holdings"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NamesCostBasisColumn_When_CostBasisNotNumeric()
    {
        var error = await RejectedAsync("text/csv", "Symbol,Shares,Cost Basis\nVTI,3,lots\n");

        Assert.Equal(["row 2.Cost Basis"], error.Errors.Keys);
    }

    [Fact]
    public async Task ReadAsync_ReportsMalformedQuote_When_TextAfterClosingQuote()
    {
        var error = await RejectedAsync("text/csv", "Symbol,Shares\n\"VTI\"x,3\n");

        Assert.Contains(error.Errors, pair => pair.Key.StartsWith("row 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_ReadsEveryAccountSection_When_SchwabAllAccountsExport()
    {
        const string csv = """
            "Positions for All-Accounts as of 05:14 PM ET, 2025/10/01"

            "Individual ...252"
            "Symbol","Description","Qty (Quantity)","Price","Cost Basis","Asset Type",
            "VTI","VANGUARD TOTAL STOCK MARKET ETF","30","$329.31","$8,100.00","ETFs & Closed End Funds",
            "SWVXX","SCHWAB VALUE ADVANTAGE MONEY","500","$1.00","$500.00","Cash and Money Market",
            "Account Total","--","--","--","--","--",

            "Roth IRA ...777"
            "Symbol","Description","Qty (Quantity)","Price","Cost Basis","Asset Type",
            "BND","VANGUARD TOTAL BOND MARKET ETF","10","$74.32","$700.00","ETFs & Closed End Funds",
            "Cash & Cash Investments","--","--","--","--","Cash and Money Market",
            """;

        var request = await ReadAsync("text/csv", csv);

        Assert.Equal(Holdings(new("VTI", 30, 8100), new("BND", 10, 700)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task ReadAsync_NeverReadsTransactions_When_OneBlankLineBeforeThem()
    {
        const string csv = """
            Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,
            1,VANGUARD TOTAL STOCK MARKET ETF,VTI,2,329.31,658.62,
            Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,Investment Name,Symbol,Shares,Share Price,
            1,2025-09-15,2025-09-16,Buy,Buy,VANGUARD FTSE DEVELOPED MARKETS ETF,VEA,20.00000,59.37,
            """;

        var request = await ReadAsync("text/csv", csv);

        Assert.Equal(Holdings(new HoldingInput("VTI", 2)), Holdings([.. request.Holdings]));
    }
}
