using PortfolioAdvisor.Portfolio;
using static PortfolioAdvisor.Tests.Portfolio.PortfolioInputs;

namespace PortfolioAdvisor.Tests.Portfolio;

public class AnalysisRequestValidatorTests
{
    private static AnalysisRequest Valid(params HoldingInput[] holdings) =>
        AnalysisRequestValidator.Validate(new AnalysisRequest(holdings), Tickers, Personas, RiskProfiles);

    private static PortfolioValidationException Invalid(AnalysisRequest request) =>
        Assert.Throws<PortfolioValidationException>(() => AnalysisRequestValidator.Validate(request, Tickers, Personas, RiskProfiles));

    private static PortfolioValidationException Invalid(params HoldingInput[] holdings) => Invalid(new AnalysisRequest(holdings));

    [Fact]
    public void Validate_MergesInFirstOccurrenceOrder_When_TickersRepeat()
    {
        var request = Valid(new("vti", 10, 1000), new("BND", 5, 400), new(" VTI", 2.5, 300));

        Assert.Equal(Holdings(new("VTI", 12.5, 1300), new("BND", 5, 400)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public void Validate_DropsMergedCostBasis_When_OnePartHasNone()
    {
        var request = Valid(new("VTI", 10, 1000), new("VTI", 2, null));

        Assert.Null(Assert.Single(request.Holdings).CostBasis);
    }

    [Theory]
    [InlineData(0, "must be greater than zero (got 0)")]
    [InlineData(-3, "must be greater than zero (got -3)")]
    [InlineData(double.NaN, "must be a finite number")]
    [InlineData(double.PositiveInfinity, "must be a finite number")]
    [InlineData(2e9, "is absurd: more than 1e9 shares (got 2000000000)")]
    public void Validate_NamesShares_When_SharesOutOfRange(double shares, string reason)
    {
        var error = Invalid(new("VTI", 1), new("BND", shares));

        Assert.Equal(reason, Assert.Single(error.Errors["holdings[1].shares"]));
    }

    [Theory]
    [InlineData(-1, "must be zero or more (got -1)")]
    [InlineData(double.NaN, "must be a finite number")]
    public void Validate_NamesCostBasis_When_CostBasisInvalid(double costBasis, string reason)
    {
        var error = Invalid(new HoldingInput("VTI", 1, costBasis));

        Assert.Equal(reason, Assert.Single(error.Errors["holdings[0].costBasis"]));
    }

    [Fact]
    public void Validate_AcceptsZeroCostBasis_When_SharesWereGifted()
    {
        Assert.Equal(0, Assert.Single(Valid(new HoldingInput("GLD", 3, 0)).Holdings).CostBasis);
    }

    [Fact]
    public void Validate_SuggestsCloseTicker_When_TickerMisspelt()
    {
        var error = Invalid(new("VTII", 1), new("BDN", 1), new("QQQQQQ", 1));

        Assert.Equal("VTII is not in the market data → did you mean VTI?", error.Errors["holdings[0].ticker"][0]);
        Assert.Equal("BDN is not in the market data → did you mean BND?", error.Errors["holdings[1].ticker"][0]);
        Assert.Equal("QQQQQQ is not in the market data", error.Errors["holdings[2].ticker"][0]);
    }

    [Theory]
    [InlineData("V\u0000TI", "\\u0000")]
    [InlineData("VT\u200BI", "\\u200B")]
    [InlineData("ＶＴＩ", "non-ASCII character U+FF36")]
    [InlineData("VT I", "' '")]
    [InlineData("=VTI", "spreadsheet formula")]
    [InlineData("   ", "is empty")]
    public void Validate_ExplainsTicker_When_TickerHasForbiddenCharacters(string ticker, string expected)
    {
        var error = Invalid(new HoldingInput(ticker, 1));

        Assert.Contains(expected, Assert.Single(error.Errors["holdings[0].ticker"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CollectsEveryError_When_ManyFieldsWrong()
    {
        var error = Invalid(new AnalysisRequest([new("ZZQX", 1), new("VTI", -1, -5)], "pirate", "yolo", "not a tag"));

        Assert.Equal(
            ["holdings[0].ticker", "holdings[1].costBasis", "holdings[1].shares", "language", "persona", "riskProfile"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("unknown 'pirate'; use one of: analyst, xiaomei", error.Errors["persona"][0]);
        Assert.Equal("The portfolio has 6 errors.", error.Message);
    }

    [Fact]
    public void Validate_UsesCatalogueSpelling_When_OptionsDifferInCase()
    {
        var request = AnalysisRequestValidator.Validate(new AnalysisRequest([new("VTI", 1)], " XiaoMei ", "GROWTH", " pt-BR "), Tickers, Personas, RiskProfiles);

        Assert.Equal(("xiaomei", "growth", "pt-BR"), (request.Persona, request.RiskProfile, request.Language));
    }

    [Fact]
    public void Validate_FillsDefaults_When_OptionsBlank()
    {
        var request = AnalysisRequestValidator.Validate(new AnalysisRequest([new("VTI", 1)], "", " ", ""), Tickers, Personas);

        Assert.Equal(("analyst", "balanced", "en"), (request.Persona, request.RiskProfile, request.Language));
    }

    [Fact]
    public void Validate_NamesHoldings_When_Empty()
    {
        Assert.Equal(["holdings"], Invalid().Errors.Keys);
    }
}
