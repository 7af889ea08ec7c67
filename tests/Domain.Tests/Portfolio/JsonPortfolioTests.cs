using PortfolioAdvisor.Portfolio;
using static PortfolioAdvisor.Tests.Portfolio.PortfolioInputs;

namespace PortfolioAdvisor.Tests.Portfolio;

public class JsonPortfolioTests
{
    [Fact]
    public async Task ReadAsync_ReturnsHoldingsAndOptions_When_ExampleJson()
    {
        var request = await ReadAsync("application/json", PortfolioFile("example.json"));

        Assert.Equal(
            Holdings(
                new("VTI", 120, 25200), new("VBR", 40, 6620), new("VEA", 300, 13230), new("VWO", 150, null),
                new("BND", 250, 18200), new("TIP", 60, null), new("HYG", 80, 5940), new("VNQ", 70, 6160),
                new("GLD", 25, 4500), new("BIL", 100, null)),
            Holdings([.. request.Holdings]));
        Assert.Equal(("xiaomei", "balanced", "en"), (request.Persona, request.RiskProfile, request.Language));
    }

    [Fact]
    public async Task ReadAsync_FillsDefaults_When_OnlyHoldingsGiven()
    {
        var request = await ReadAsync("application/json; charset=utf-8", """{"holdings":[{"ticker":" vti ","shares":1}]}""");

        Assert.Equal(Holdings(new HoldingInput("VTI", 1)), Holdings([.. request.Holdings]));
        Assert.Equal(("analyst", "balanced", "en"), (request.Persona, request.RiskProfile, request.Language));
    }

    [Fact]
    public async Task ReadAsync_NamesBody_When_JsonMalformed()
    {
        var error = await RejectedAsync("application/json", """{"holdings":[{"ticker":"VTI","shares":1""");

        Assert.Equal(["body"], error.Errors.Keys);
        Assert.StartsWith("malformed JSON at line 1", error.Errors["body"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NamesEachFieldOfWrongType_When_TypesWrong()
    {
        const string json = """
            {"holdings":[{"ticker":"VTI","shares":"ten"},{"ticker":5,"shares":1,"costBasis":"x"},7,{"shares":2}],
             "persona":1,"language":true}
            """;

        var error = await RejectedAsync("application/json", json);

        Assert.Equal(
            ["holdings[0].shares", "holdings[1].costBasis", "holdings[1].ticker", "holdings[2]", "holdings[3].ticker", "language", "persona"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("must be a number, not a string", error.Errors["holdings[0].shares"][0]);
        Assert.Equal("is required", error.Errors["holdings[3].ticker"][0]);
    }

    [Theory]
    [InlineData("""{"holdings":[]}""", "at least one holding is required")]
    [InlineData("""{"persona":"analyst"}""", "is required")]
    [InlineData("""{"holdings":{}}""", "must be an array, not an object")]
    public async Task ReadAsync_NamesHoldings_When_NoHoldings(string json, string reason)
    {
        var error = await RejectedAsync("application/json", json);

        Assert.Equal(reason, Assert.Single(error.Errors["holdings"]));
    }

    [Fact]
    public async Task ReadAsync_RejectsAsNotFinite_When_SharesOverflowDouble()
    {
        var error = await RejectedAsync("application/json", """{"holdings":[{"ticker":"VTI","shares":1e999}]}""");

        Assert.Equal("must be a finite number", Assert.Single(error.Errors["holdings[0].shares"]));
    }

    [Fact]
    public async Task ReadAsync_RejectsBody_When_JsonIsArray()
    {
        var error = await RejectedAsync("application/json", "[1,2]");

        Assert.Equal("must be a JSON object, not an array", Assert.Single(error.Errors["body"]));
    }

    [Fact]
    public void ReadJson_ReturnsUnvalidatedTickers_When_Wellformed()
    {
        var request = PortfolioReader.ReadJson("""{"HOLDINGS":[{"Ticker":"zzzz","Shares":-1}]}"""u8);

        Assert.Equal(Holdings(new HoldingInput("zzzz", -1)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public void ReadJson_Throws_When_SharesMissing()
    {
        var error = Assert.Throws<PortfolioValidationException>(() => PortfolioReader.ReadJson("""{"holdings":[{"ticker":"VTI"}]}"""u8));

        Assert.Equal(["holdings[0].shares"], error.Errors.Keys);
    }
}
