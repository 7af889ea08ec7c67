namespace PortfolioAdvisor.Portfolio.Screenshots;

/// <summary>Checks an image's magic bytes against its declared type, so a mislabelled body never reaches the model.</summary>
internal static class ImageSignature
{
    public static bool Matches(string mediaType, ReadOnlySpan<byte> bytes) => mediaType switch
    {
        "image/png" => bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        _ => false,
    };
}
