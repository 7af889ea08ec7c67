using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioAdvisor.Portfolio;
using PortfolioAdvisor.Portfolio.Screenshots;
using static PortfolioAdvisor.Tests.Portfolio.PortfolioInputs;

namespace PortfolioAdvisor.Tests.Portfolio;

public sealed class ScreenshotReaderTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private FakeVisionServer server = null!;

    public async Task InitializeAsync() => server = await FakeVisionServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private PortfolioRequestReader Reader(double? temperature = null) =>
        new(Tickers, Personas, RiskProfiles, new OpenAIPortfolioScreenshotReader(OpenAIPortfolioScreenshotReader.CreateClient(
            new VisionOptions { Endpoint = server.Endpoint, Model = "vision-test" }), temperature));

    private Task<AnalysisRequest> ReadPngAsync(PortfolioRequestReader reader, IReadOnlyDictionary<string, string>? query = null) =>
        reader.ReadAsync("image/png", new MemoryStream(Png), Query(query));

    [Fact]
    public async Task ReadAsync_ReturnsValidatedHoldings_When_ModelReadsScreenshot()
    {
        server.Content = FakeVisionServer.Answer(
            new { ticker = "vti", shares = 10.5, costBasis = 2000.0 },
            new { ticker = "BND", shares = 4, costBasis = (double?)null },
            new { ticker = "VTI", shares = 1.5, costBasis = 300.0 });

        var request = await ReadPngAsync(Reader(), new Dictionary<string, string> { ["persona"] = "xiaomei" });

        Assert.Equal(Holdings(new("VTI", 12, 2300), new("BND", 4, null)), Holdings([.. request.Holdings]));
        Assert.Equal("xiaomei", request.Persona);
    }

    [Fact]
    public async Task ReadAsync_SendsImageAndJsonSchema_When_ModelCalled()
    {
        server.Content = FakeVisionServer.Answer(new { ticker = "GLD", shares = 1, costBasis = (double?)null });

        await ReadPngAsync(Reader());

        var sent = Assert.Single(server.Requests);
        Assert.Equal("vision-test", sent["model"]!.GetValue<string>());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), server.LastImageUrl());
        Assert.Equal("json_schema", sent["response_format"]!["type"]!.GetValue<string>());
        Assert.True(sent["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.False(sent["stream"]?.GetValue<bool>() ?? false);
        Assert.Null(sent["temperature"]);
    }

    [Fact]
    public async Task ReadAsync_SendsTheTemperature_When_Configured()
    {
        server.Content = FakeVisionServer.Answer(new { ticker = "GLD", shares = 1, costBasis = (double?)null });

        await ReadPngAsync(Reader(temperature: 0));

        Assert.Equal(0, Assert.Single(server.Requests)["temperature"]!.GetValue<double>());
    }

    [Fact]
    public async Task ReadAsync_NamesHoldingIndex_When_ModelReadsUnknownTicker()
    {
        server.Content = FakeVisionServer.Answer(
            new { ticker = "VTI", shares = 1, costBasis = (double?)null },
            new { ticker = "VTII", shares = -2, costBasis = (double?)null });

        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadPngAsync(Reader()));

        Assert.Equal(["holdings[1].shares", "holdings[1].ticker"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith("did you mean VTI?", error.Errors["holdings[1].ticker"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Answers400_When_ModelSeesNoPositions()
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadPngAsync(Reader()));

        Assert.Equal("no positions could be read from the screenshot", Assert.Single(error.Errors["holdings"]));
    }

    [Fact]
    public async Task ReadAsync_Answers422_When_ModelAnswersNonJson()
    {
        server.Content = "I see a portfolio with some funds.";

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(() => ReadPngAsync(Reader()));

        Assert.Equal(422, error.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_Answers422_When_ModelEndpointFails()
    {
        server.FailWith = 400;

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(() => ReadPngAsync(Reader()));

        Assert.Equal((422, "The vision model could not read the screenshot (HTTP 400)."), (error.StatusCode, error.Message));
    }

    [Fact]
    public async Task ReadAsync_Answers400WithoutCallingModel_When_BytesAreNotPng()
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(
            () => Reader().ReadAsync("image/png", new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0]), Query(null)));

        Assert.Equal("is not a PNG image", Assert.Single(error.Errors["body"]));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ReadAsync_Answers413_When_ImageOverFiveMebibytes()
    {
        var big = new byte[PortfolioRequestReader.MaxImageBytes + 1];
        Png.CopyTo(big, 0);

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(
            () => Reader().ReadAsync("image/png", new MemoryStream(big), Query(null)));

        Assert.Equal(413, error.StatusCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AddPortfolioInput_ReadsScreenshotsThroughConfiguredModel_When_VisionSectionSet()
    {
        server.Content = FakeVisionServer.Answer(new { ticker = "TLT", shares = 7, costBasis = 650.0 });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vision:Endpoint"] = server.Endpoint.ToString(),
            ["Vision:Model"] = "vision-test",
        });
        builder.AddPortfolioInput(_ => Tickers, Personas);
        using var host = builder.Build();

        var request = await ReadPngAsync(host.Services.GetRequiredService<PortfolioRequestReader>());

        Assert.Equal(Holdings(new HoldingInput("TLT", 7, 650)), Holdings([.. request.Holdings]));
    }

    [Fact]
    public async Task AddPortfolioInput_Answers422ForImages_When_VisionSectionMissing()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddPortfolioInput(_ => Tickers, Personas);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(
            () => ReadPngAsync(host.Services.GetRequiredService<PortfolioRequestReader>()));

        Assert.Equal(422, error.StatusCode);
        Assert.Empty(server.Requests);
    }
}
