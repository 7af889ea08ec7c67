using System.Text;
using System.Text.Json;
using PortfolioAdvisor.Conversations;
using PortfolioAdvisor.Portfolio;

namespace PortfolioAdvisor.Tests.Conversations;

public sealed class TurnRequestReaderTests
{
    [Fact]
    public async Task ReadAsync_ReadsTheQuestion_When_OnlyContentIsGiven()
    {
        var request = await ReadAsync("""{ "content": "  What if I sell 20 VTI?\n" }""");

        Assert.Equal(new TurnRequest("What if I sell 20 VTI?"), request);
    }

    [Fact]
    public async Task ReadAsync_KeepsTheCataloguesSpelling_When_PersonaAndLanguageAreGiven()
    {
        var request = await ReadAsync("""{ "CONTENT": "Hi", "persona": " XiaoMei ", "language": "zh-Hans", "extra": 1 }""", "application/json; charset=utf-8");

        Assert.Equal(new TurnRequest("Hi", "xiaomei", "zh-Hans"), request);
    }

    [Fact]
    public async Task ReadAsync_AcceptsExactly4000Characters_AndNewlinesTabsAndEmoji()
    {
        Assert.Equal(4000, (await ReadAsync(Body(new string('a', 4000)))).Content.Length);
        Assert.Equal(8000, (await ReadAsync(Body(string.Concat(Enumerable.Repeat("😊", 4000))))).Content.Length);
        Assert.Equal("line one\r\nline\ttwo\nthree", (await ReadAsync(Body("line one\r\nline\ttwo\nthree"))).Content);
    }

    [Theory]
    [InlineData("""{ }""", "content", "is required")]
    [InlineData("""{ "content": null }""", "content", "is required")]
    [InlineData("""{ "content": "" }""", "content", "must not be empty or only whitespace")]
    [InlineData("""{ "content": " \n\t " }""", "content", "must not be empty or only whitespace")]
    [InlineData("""{ "content": 42 }""", "content", "must be a string, not a number")]
    [InlineData("""{ "content": "ring \u0007 bell" }""", "content", "contains the control character U+0007 at character 6")]
    [InlineData("""{ "content": "nul \u0000" }""", "content", "contains the control character U+0000")]
    [InlineData("""{ "content": "old mac \r line" }""", "content", "contains the control character U+000D")]
    [InlineData("""{ "content": "escape \u001b[31m" }""", "content", "contains the control character U+001B")]
    [InlineData("""{ "content": "Hi", "persona": "pirate" }""", "persona", "unknown 'pirate'; use one of: analyst, xiaomei")]
    [InlineData("""{ "content": "Hi", "persona": 7 }""", "persona", "must be a string, not a number")]
    [InlineData("""{ "content": "Hi", "language": "en_US" }""", "language", "'en_US' is not a well-formed BCP 47 language tag")]
    [InlineData("""{ "content": "Hi", """, "body", "malformed JSON")]
    [InlineData("""[ "Hi" ]""", "body", "must be a JSON object, not an array")]
    [InlineData("", "body", "malformed JSON")]
    public async Task ReadAsync_Answers400WithTheField_When_TheQuestionIsBad(string body, string field, string reason)
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadAsync(body));

        Assert.Contains(error.Errors[field], r => r.Contains(reason, StringComparison.Ordinal));
        Assert.StartsWith("The question has 1 error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Rejects4001Characters()
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadAsync(Body(new string('a', 4001))));

        Assert.Equal(["is 4001 characters long; at most 4000 are allowed"], error.Errors["content"]);
    }

    [Fact]
    public async Task ReadAsync_NamesEveryBadField_When_SeveralAreBad()
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadAsync("""{ "content": "", "persona": "pirate", "language": "--" }"""));

        Assert.Equal(["content", "language", "persona"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The question has 3 errors.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_Answers400_When_TheContentHasAnUnpairedSurrogate()
    {
        var error = await Assert.ThrowsAsync<PortfolioValidationException>(() => ReadAsync("""{ "content": "half \ud83d pair" }"""));

        Assert.Equal(["is not valid Unicode text (it holds an unpaired surrogate)"], error.Errors["content"]);
    }

    [Fact]
    public async Task ReadAsync_Answers413_When_TheBodyIsOver1MiB()
    {
        var body = Body(new string('a', 1024 * 1024));

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(() => ReadAsync(body));

        Assert.Equal(413, error.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/csv")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    [InlineData("not a media type")]
    public async Task ReadAsync_Answers415_When_TheBodyIsNotJson(string? contentType)
    {
        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(() => ReadAsync("""{ "content": "Hi" }""", contentType));

        Assert.Equal(415, error.StatusCode);
    }

    [Fact]
    public void Validate_AppliesTheSameRules_When_TheHostDeserializedTheRequest()
    {
        Assert.Equal(new TurnRequest("Hi", "analyst"), TurnRequestValidator.Validate(new TurnRequest(" Hi ", "Analyst", " ")));
        var error = Assert.Throws<PortfolioValidationException>(() => TurnRequestValidator.Validate(new TurnRequest(new string('a', 4001))));
        Assert.True(error.Errors.ContainsKey("content"));
    }

    private static string Body(string content) => JsonSerializer.Serialize(new { content });

    private static Task<TurnRequest> ReadAsync(string body, string? contentType = "application/json") =>
        TurnRequestReader.ReadAsync(contentType, new MemoryStream(Encoding.UTF8.GetBytes(body)));
}
