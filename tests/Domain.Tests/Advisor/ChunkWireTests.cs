using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PortfolioAdvisor.Advisor;

namespace PortfolioAdvisor.Tests.Advisor;

/// <summary>OpenAI's <c>chat.completion.chunk</c>s, as the API reference shows them, read into updates.</summary>
public sealed class ChunkWireTests
{
    [Fact]
    public void Parse_ReadsTheTextModelAndIds_AndSkipsTheOtherFields()
    {
        var update = Update("""
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1",
             "choices":[{"index":0,"delta":{"content":"Hello","refusal":null},"logprobs":null,"finish_reason":null}]}
            """);

        Assert.Equal("Hello", update.Text);
        Assert.Equal(("chatcmpl-1", "chatcmpl-1", "gpt-4o-mini"), (update.ResponseId, update.MessageId, update.ModelId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), update.CreatedAt);
        Assert.Equal(ChatRole.Assistant, update.Role);
        Assert.Null(update.FinishReason);
    }

    [Fact]
    public void Parse_ReadsTheFinishReasonAndTheUsage_OfTheLastChunks()
    {
        var finish = Update("""{"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""");
        var usage = Update("""{"id":"c","model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}""");

        Assert.Equal(ChatFinishReason.Length, finish.FinishReason);
        Assert.Empty(finish.Contents);
        var details = Assert.IsType<UsageContent>(Assert.Single(usage.Contents)).Details;
        Assert.Equal((12L, 30L, 42L), (details.InputTokenCount, details.OutputTokenCount, details.TotalTokenCount));
    }

    [Fact]
    public void Parse_SkipsNestedFieldsAndLaterChoices_AndReadsEscapedNames()
    {
        var chunk = ChunkWire.Parse("""
            {"id":"c","choices":[{"index":0,"logprobs":{"content":[{"token":"x","top_logprobs":[]}]},
              "delta":{"role":"assistant","tool_calls":[{"index":0,"function":{"content":"no"}}],"\u0063ontent":"Hi"},"finish_reason":null},
             {"index":1,"delta":{"content":"other choice"},"finish_reason":"stop"}],
             "usage":null,"service_tier":{"nested":[1,2,{"id":"not the id"}]}}
            """u8)!;

        Assert.Equal("Hi", chunk.Text);
        Assert.Equal("c", chunk.Id);
        Assert.True(chunk.IsPlainText);
    }

    [Fact]
    public void Parse_ReusesTheStreamsIdAndModelStrings_WhenTheyRepeat()
    {
        var shared = new ChunkWire.StreamStrings();
        var first = ChunkWire.Parse("""{"id":"chatcmpl-9","model":"m","choices":[{"delta":{"content":"a"}}]}"""u8, shared)!;
        var second = ChunkWire.Parse("""{"id":"chatcmpl-9","model":"m","choices":[{"delta":{"content":"b"}}]}"""u8, shared)!;
        var other = ChunkWire.Parse("""{"id":"chatcmpl-10","model":"m","choices":[]}"""u8, shared)!;

        Assert.Same(first.Id, second.Id);
        Assert.Same(first.Model, second.Model);
        Assert.Equal("chatcmpl-10", other.Id);
        Assert.True(second.ContinuesText(first));
        Assert.Null(other.Text);
    }

    [Fact]
    public void Parse_ReturnsNull_ForTheClosingDone()
    {
        Assert.Null(ChunkWire.Parse("[DONE]"u8));
    }

    [Theory]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\"cut")]
    [InlineData("<html>Bad gateway</html>")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"created\":\"yesterday\"}")]
    [InlineData("{\"choices\":{}}")]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":7}}]}")]
    [InlineData("{\"usage\":{\"total_tokens\":1.5}}")]
    [InlineData("{\"id\":\"a\"} {\"id\":\"b\"}")]
    public void Parse_ThrowsJsonException_WhenTheDataIsNotAChunk(string data)
    {
        Assert.ThrowsAny<JsonException>(() => ChunkWire.Parse(Encoding.UTF8.GetBytes(data)));
    }

    private static ChatResponseUpdate Update(string json)
    {
        var chunk = ChunkWire.Parse(Encoding.UTF8.GetBytes(json)) ?? throw new InvalidOperationException("no chunk");
        return chunk.ToUpdate(chunk.Text) ?? throw new InvalidOperationException("no update");
    }
}
