using System.Diagnostics;

namespace PortfolioAdvisor.Benchmarks.StreamFloor;

/// <summary>
/// A read-only stream that reads its inner stream at most once per <paramref name="interval"/>, so what arrived meanwhile
/// waits in the socket's buffer and is read at once: the way the advisor gathers tokens for a frame that cannot leave
/// sooner (DeltaReader's gather), without the rest of the host.
/// </summary>
internal sealed class GatedStream(Stream inner, TimeSpan interval) : Stream
{
    private long lastRead = Stopwatch.GetTimestamp();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wait = interval - Stopwatch.GetElapsedTime(lastRead);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        lastRead = Stopwatch.GetTimestamp();
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
