using System.Text;
using PortfolioAdvisor.Portfolio;
using static PortfolioAdvisor.Tests.Portfolio.PortfolioInputs;

namespace PortfolioAdvisor.Tests.Portfolio;

public class PortfolioRequestReaderTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("image/gif")]
    public async Task ReadAsync_Answers415_When_ContentTypeUnsupported(string? contentType)
    {
        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(
            () => Reader().ReadAsync(contentType, new MemoryStream("{}"u8.ToArray()), Query(null)));

        Assert.Equal(415, error.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_Answers413WhileReading_When_UnseekableBodyPassesOneMebibyte()
    {
        var body = new ChunkedStream(totalBytes: 50L * 1024 * 1024);

        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(() => Reader().ReadAsync("text/csv", body, Query(null)));

        Assert.Equal(413, error.StatusCode);
        Assert.InRange(body.Position, PortfolioRequestReader.MaxTextBytes + 1, PortfolioRequestReader.MaxTextBytes + 4096);
    }

    [Fact]
    public async Task ReadAsync_Reads_When_BodyIsExactlyAtLimit()
    {
        var json = """{"holdings":[{"ticker":"VTI","shares":1}]}""";
        var padded = json + new string(' ', PortfolioRequestReader.MaxTextBytes - json.Length);

        var request = await Reader().ReadAsync("application/json", new MemoryStream(Encoding.UTF8.GetBytes(padded)), Query(null));

        Assert.Equal("VTI", Assert.Single(request.Holdings).Ticker);
    }

    [Fact]
    public async Task ReadAsync_Answers422_When_ImageAndNoVisionModel()
    {
        var error = await Assert.ThrowsAsync<UnsupportedPortfolioContentException>(
            () => Reader().ReadAsync("image/png", new MemoryStream([0x89, 0x50, 0x4E, 0x47]), Query(null)));

        Assert.Equal(422, error.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_IgnoresQuery_When_Json()
    {
        var query = new Dictionary<string, string> { ["persona"] = "nobody" };

        var request = await ReadAsync("application/json", """{"holdings":[{"ticker":"VTI","shares":1}]}""", query);

        Assert.Equal("analyst", request.Persona);
    }

    [Fact]
    public async Task ReadAsync_NamesQueryOptions_When_CsvQueryInvalid()
    {
        var query = new Dictionary<string, string> { ["persona"] = "nobody", ["riskProfile"] = "reckless", ["language"] = "en__US" };

        var error = await RejectedAsync("text/csv", "Symbol,Shares\nVTI,1\n", query);

        Assert.Equal(["language", "persona", "riskProfile"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>A body that only ever yields small chunks and cannot seek, as a chunked HTTP request does.</summary>
    private sealed class ChunkedStream(long totalBytes) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(Math.Min(count, 4096), totalBytes - position);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
