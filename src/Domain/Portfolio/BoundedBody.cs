namespace PortfolioAdvisor.Portfolio;

/// <summary>Reads a request body into memory, stopping with 413 as soon as it passes the limit (Content-Length may lie or be absent).</summary>
public static class BoundedBody
{
    /// <summary>The whole body, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="UnsupportedPortfolioContentException">413: the body is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        if (body.CanSeek && body.Length - body.Position > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static UnsupportedPortfolioContentException TooLarge(int maxBytes) =>
        new(413, $"The body is larger than {maxBytes / (1024 * 1024)} MiB.");
}
