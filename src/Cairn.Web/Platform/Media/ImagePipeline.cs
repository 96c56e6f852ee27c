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
        var sizes = ProcessSizes(encoded, [maxSide]);
        return sizes.Error is null ? sizes.Pictures[0] : new(null, null, sizes.Error);
    }

    /// <summary>What <see cref="ProcessSizes"/> gives: one picture per size asked for, or why there is none.</summary>
    public sealed record Sizes(IReadOnlyList<Result> Pictures, string? Error);

    /// <summary>
    /// Decodes <paramref name="encoded"/> once, turns it upright as its EXIF orientation says, and encodes it afresh
    /// at each of <paramref name="maxSides"/> (never larger than it is). Nothing of the original file survives but its
    /// pixels: no EXIF (location), no other metadata, no trailing bytes. Pictures over <paramref name="maxPixels"/>
    /// pixels are refused from their header, before any decoding; large JPEGs are decoded at a reduced scale when
    /// the largest size asked for allows it, so memory stays near what the output needs.
    /// </summary>
    public Sizes ProcessSizes(byte[] encoded, IReadOnlyList<int> maxSides, long maxPixels = MaxPixels)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null || !Accepted.Contains(codec.EncodedFormat)) return new([], "Use a PNG, JPEG, GIF or WebP picture.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) return new([], "That file is not a picture.");
        if ((long)info.Width * info.Height > maxPixels)
            return new([], $"The picture is {info.Width:N0}×{info.Height:N0} pixels; at most {maxPixels / 1_000_000} megapixels, please.");

        // Decode no larger than needed: JPEG can decode at 1/2, 1/4 or 1/8 of its size for free.
        var largest = maxSides.Max();
        var wanted = Math.Min(1f, (float)largest / Math.Max(info.Width, info.Height));
        var size = codec.GetScaledDimensions(wanted);
        if (size.Width < 1 || size.Height < 1 || size.Width > info.Width || Math.Max(size.Width, size.Height) < Math.Min(largest, Math.Max(info.Width, info.Height)))
            size = new SKSizeI(info.Width, info.Height);
        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var outcome = codec.GetPixels(decoded.Info, decoded.GetPixels());
        // A picture cut short is refused too: what did not decode is not stored as blank pixels.
        if (outcome != SKCodecResult.Success) return new([], "That picture could not be read: it may be damaged or cut short.");

        using var upright = Upright(decoded, codec.EncodedOrigin);
        var source = upright ?? decoded;
        // Keep transparency where the source has it; photographs become JPEG.
        var opaque = info.AlphaType == SKAlphaType.Opaque || IsOpaque(source);
        var pictures = new List<Result>();
        foreach (var maxSide in maxSides)
        {
            var scale = Math.Min(1.0, (double)maxSide / Math.Max(source.Width, source.Height));
            var (width, height) = (Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
            using var scaled = scale < 1.0 ? source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
            var picture = scaled ?? source;
            if (picture is null) return new([], "That picture could not be read.");
            using var image = SKImage.FromBitmap(picture);
            using var output = opaque ? image.Encode(SKEncodedImageFormat.Jpeg, 86) : image.Encode(SKEncodedImageFormat.Png, 100);
            if (output is null) return new([], "That picture could not be read.");
            pictures.Add(new(output.ToArray(), opaque ? ".jpg" : ".png", null, picture.Width, picture.Height));
        }

        return new(pictures, null);
    }

    /// <summary>The bitmap turned as its EXIF orientation says, or null when it is upright already.</summary>
    private static SKBitmap? Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return null;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (bitmap.Height, bitmap.Width) : (bitmap.Width, bitmap.Height);
        var turned = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(turned);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(width, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(width, height); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, height); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.Scale(-1, 1); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(width, height); canvas.Scale(-1, 1); canvas.RotateDegrees(-90); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, height); canvas.RotateDegrees(-90); break;
        }

        canvas.DrawBitmap(bitmap, 0, 0);
        canvas.Flush();
        return turned;
    }

    private static bool IsOpaque(SKBitmap bitmap)
    {
        var pixels = bitmap.Pixels;
        foreach (var pixel in pixels)
            if (pixel.Alpha != 255) return false;
        return true;
    }
}
