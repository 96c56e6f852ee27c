using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Tests.Infrastructure;
using SkiaSharp;

namespace Cairn.Tests.Modules.Account;

public sealed class ProfileTests(CairnApp app)
{
    // The smallest valid PNG: one transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task Profile_WhenAnonymous_RedirectsToLogin()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Edit_SavesDisplayNameAndBio_AndUpdatesTheNavigation()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await client.SubmitAsync("/account/profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ada Lovelace",
            ["Input.Bio"] = "Writes the first programs.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, page) = await client.GetAsync("/account/profile");
        Assert.Equal("Ada Lovelace", page.QuerySelector("input[name='Input.DisplayName']")!.GetAttribute("value"));
        Assert.Equal("Writes the first programs.", page.QuerySelector("textarea[name='Input.Bio']")!.TextContent.Trim());
        Assert.Contains("Ada Lovelace", page.QuerySelector("[data-testid=current-user]")!.TextContent);
        Assert.Contains("Your profile is saved.", page.QuerySelector(".flash-messages")!.TextContent);
    }

    [Fact]
    public async Task Profile_EmptyDisplayName_ShowsValidationError()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await client.SubmitAsync("/account/profile", new Dictionary<string, string> { ["Input.DisplayName"] = "" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Enter the name people will see.", page.QuerySelector("[data-valmsg-for='Input.DisplayName']")!.TextContent);
    }

    [Fact]
    public async Task Profile_AvatarUpload_StoresAndServesThePicture()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await PostProfileWithFile(client, Png, "me.png");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (_, page) = await client.GetAsync("/account/profile");
        var src = page.QuerySelector("img.avatar-lg")!.GetAttribute("src")!;
        Assert.StartsWith("/media/avatars/", src, StringComparison.Ordinal);
        var image = await client.Http.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        // Stored as re-encoded, not as sent: still the one transparent pixel, as a PNG.
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        using var served = SKBitmap.Decode(await image.Content.ReadAsByteArrayAsync());
        Assert.Equal((1, 1), (served.Width, served.Height));
        Assert.Equal(0, served.GetPixel(0, 0).Alpha);
    }

    /// <summary>A PNG whose header claims <paramref name="width"/>×<paramref name="height"/> (with valid CRCs), and almost no pixel data.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var chunk = new byte[12 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            data.CopyTo(chunk, 8);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
            return chunk;
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // 8 bits per sample, grey
        return [.. Png.AsSpan(0, 8), .. Chunk("IHDR", header), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    public static TheoryData<string, byte[], string> Hostile => new()
    {
        // Issue 10, item 9: these were stored and served as they came.
        { "a PNG claiming 60000×60000", PngClaiming(60_000, 60_000), "megapixels" },
        // Whichever check refuses them (the decoder, or the size the HTML's bytes spell), they are not stored.
        { "GIF magic, then HTML", [.. "GIF89a"u8, .. "<html><script>alert(document.cookie)</script></html>"u8], "" },
        { "GIF magic, a small screen, then HTML", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, .. "<script>alert(1)</script>"u8], "" },
        { "WebP magic, then HTML", [.. "RIFF"u8, 0x40, 0, 0, 0, .. "WEBP"u8, .. "<html><script>alert(1)</script></html>"u8], "" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Profile_AvatarThatDoesNotDecode_OrIsTooLarge_IsRefused(string what, byte[] content, string message)
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await PostProfileWithFile(client, content, "avatar.gif");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        var error = page.QuerySelector("[data-valmsg-for='Input.Avatar']")!.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(error), what);
        Assert.True(error.Contains(message, StringComparison.Ordinal), $"{what}: {error}");
        Assert.Null(page.QuerySelector("img.avatar-lg"));
    }

    [Fact]
    public async Task Profile_AvatarPhoto_IsScaledDown_AndLosesItsMetadata()
    {
        // An 800×600 photograph with an EXIF block naming where it was taken.
        using var bitmap = new SKBitmap(800, 600);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(new SKColor(40, 120, 200));
        using var encoded = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = encoded.ToArray();
        var exif = "Exif\0\0GPS 51.4779N 0.0015W secret-location"u8.ToArray();
        byte[] app1 = [0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)(exif.Length + 2), .. exif];
        byte[] photo = [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];

        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await PostProfileWithFile(client, photo, "photo.jpg")).StatusCode);
        var (_, page) = await client.GetAsync("/account/profile");
        var image = await client.Http.GetAsync(page.QuerySelector("img.avatar-lg")!.GetAttribute("src")!);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
        var served = await image.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain("secret-location", Encoding.Latin1.GetString(served), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(served);
        Assert.Equal((512, 384), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Profile_AvatarThatIsNotAPicture_IsRefusedBesideTheField()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var response = await PostProfileWithFile(client, "<script>alert(1)</script>"u8.ToArray(), "evil.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("Use a PNG, JPEG, GIF or WebP picture.", page.QuerySelector("[data-valmsg-for='Input.Avatar']")!.TextContent);
    }

    [Fact]
    public async Task Profile_AvatarLargerThanTheLimit_IsRefused()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);

        var big = new byte[1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        var response = await PostProfileWithFile(client, big, "big.png");
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("at most 1024 KB", page.QuerySelector("[data-valmsg-for='Input.Avatar']")!.TextContent);
    }

    private static async Task<HttpResponseMessage> PostProfileWithFile(PageClient client, byte[] content, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/account/profile");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Picture Person"), "Input.DisplayName" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "Input.Avatar", fileName);
        return await client.Http.PostAsync("/account/profile", form);
    }
}
