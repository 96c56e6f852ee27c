using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Cairn.Tests.Infrastructure;

/// <summary>Pictures for upload tests, made in memory: plain ones, a phone photo's EXIF (orientation, GPS), a decompression bomb.</summary>
public static class TestImages
{
    /// <summary>A picture whose left half is red and right half blue, encoded as <paramref name="format"/>.</summary>
    public static byte[] Halves(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG as a phone writes it: the pixels of <see cref="Halves"/> stored sideways, with an EXIF block saying
    /// so (orientation 6: turn 90° clockwise to view) and where it was taken (GPS 51.5° N, 0.12° E).
    /// </summary>
    public static byte[] PhoneJpeg(int width, int height, ushort orientation = 6)
    {
        var jpeg = Halves(width, height);
        var tiff = new byte[140];
        var w = tiff.AsSpan();
        "II"u8.CopyTo(w);
        BinaryPrimitives.WriteUInt16LittleEndian(w[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(w[4..], 8);
        // IFD0 at 8: Orientation, GPS pointer.
        BinaryPrimitives.WriteUInt16LittleEndian(w[8..], 2);
        Entry(w[10..], 0x0112, 3, 1, orientation);
        Entry(w[22..], 0x8825, 4, 1, 38);
        BinaryPrimitives.WriteUInt32LittleEndian(w[34..], 0);
        // GPS IFD at 38: latitude N 51° 30', longitude E 0° 7'.
        BinaryPrimitives.WriteUInt16LittleEndian(w[38..], 4);
        Entry(w[40..], 0x0001, 2, 2, 'N');
        Entry(w[52..], 0x0002, 5, 3, 92);
        Entry(w[64..], 0x0003, 2, 2, 'E');
        Entry(w[76..], 0x0004, 5, 3, 116);
        BinaryPrimitives.WriteUInt32LittleEndian(w[88..], 0);
        Rationals(w[92..], (51, 1), (30, 1), (0, 1));
        Rationals(w[116..], (0, 1), (7, 1), (0, 1));

        var exif = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(segment, 4);
        // Straight after the start-of-image marker.
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static void Rationals(Span<byte> at, params (uint Numerator, uint Denominator)[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at[(i * 8)..], values[i].Numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(at[(i * 8 + 4)..], values[i].Denominator);
        }
    }

    /// <summary>
    /// A decompression bomb's header: a valid PNG that claims <paramref name="side"/>×<paramref name="side"/> pixels
    /// (a gigabyte and more once decoded) in a few dozen bytes.
    /// </summary>
    public static byte[] PngBomb(int side = 50_000)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(stream, "IHDR", header);
        // A little zlib stream of zeros: what would expand to the whole picture.
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(new byte[64 * 1024]);
            Chunk(stream, "IDAT", compressed.ToArray());
        }

        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        stream.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}
