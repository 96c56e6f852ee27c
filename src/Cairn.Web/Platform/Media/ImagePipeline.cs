using SkiaSharp;

namespace Cairn.Web.Platform.Media;

/// <summary>
/// Every uploaded picture goes through here before it is stored (avatars now, recipe photos next): the type is
/// read from the bytes by a real decoder, the pixel count is checked from the header before anything is
/// decoded, and the picture is decoded, scaled to fit, and encoded afresh, so that what is served is a plain
/// PNG or JPEG with no metadata (no EXIF location), no trailing bytes and nothing that is not a picture.
/// </summary>
public sealed class ImagePipeline
{
    /// <summary>The largest picture decoded at all: about 64 MB of pixels in memory at worst.</summary>
    public const long MaxPixels = 16_000_000;

    public sealed record Result(byte[]? Bytes, string? Extension, string? Error, int Width = 0, int Height = 0);

    private static readonly SKEncodedImageFormat[] Accepted =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp];

    /// <summary>Decodes <paramref name="encoded"/> and re-encodes it to fit in <paramref name="maxSide"/>×<paramref name="maxSide"/> pixels.</summary>
    public Result Process(byte[] encoded, int maxSide)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null || !Accepted.Contains(codec.EncodedFormat)) return new(null, null, "Use a PNG, JPEG, GIF or WebP picture.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) return new(null, null, "That file is not a picture.");
        if ((long)info.Width * info.Height > MaxPixels)
            return new(null, null, $"The picture is {info.Width:N0}×{info.Height:N0} pixels; at most {MaxPixels / 1_000_000} megapixels, please.");

        using var decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var outcome = codec.GetPixels(decoded.Info, decoded.GetPixels());
        // A picture cut short is refused too: what did not decode is not stored as blank pixels.
        if (outcome != SKCodecResult.Success) return new(null, null, "That picture could not be read: it may be damaged or cut short.");

        var scale = Math.Min(1.0, (double)maxSide / Math.Max(info.Width, info.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(info.Width * scale)), Math.Max(1, (int)Math.Round(info.Height * scale)));
        using var scaled = scale < 1.0 ? decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
        var picture = scaled ?? decoded;
        if (picture is null) return new(null, null, "That picture could not be read.");

        // Keep transparency where the source has it; photographs become JPEG.
        var opaque = info.AlphaType == SKAlphaType.Opaque || IsOpaque(picture);
        using var image = SKImage.FromBitmap(picture);
        using var output = opaque ? image.Encode(SKEncodedImageFormat.Jpeg, 88) : image.Encode(SKEncodedImageFormat.Png, 100);
        if (output is null) return new(null, null, "That picture could not be read.");
        return new(output.ToArray(), opaque ? ".jpg" : ".png", null, picture.Width, picture.Height);
    }

    private static bool IsOpaque(SKBitmap bitmap)
    {
        var pixels = bitmap.Pixels;
        foreach (var pixel in pixels)
            if (pixel.Alpha != 255) return false;
        return true;
    }
}
