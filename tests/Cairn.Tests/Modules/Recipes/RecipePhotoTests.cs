using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Recipes;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using SkiaSharp;
using static Cairn.Tests.Modules.Recipes.RecipeKit;

namespace Cairn.Tests.Modules.Recipes;

/// <summary>
/// Photo uploads: the type read from the bytes, EXIF removed and its orientation applied, three sizes, bombs refused
/// from their header, and no file or row left behind by an upload that fails.
/// </summary>
public sealed class RecipePhotoTests(CairnApp app)
{
    private async Task<(string Workspace, PageClient Client)> SignedInAsync()
    {
        var (ws, _, client) = await SignedInOwnerAsync(app, "rcp-photo");
        return (ws, client);
    }

    private string[] FilesOf(string token) => [.. PhotoFiles(app).Where(f => Path.GetFileName(f).StartsWith(token, StringComparison.Ordinal)).Order()];

    [Fact]
    public async Task APhonePhoto_IsStoredUprightInThreeSizes_WithItsExifAndLocationGone()
    {
        var (ws, client) = await SignedInAsync();
        using (client)
        {
            var original = TestImages.PhoneJpeg(400, 200);
            // The fixture does carry what must go: orientation 6 and a location.
            var before = ImageMetadataReader.ReadMetadata(new MemoryStream(original));
            Assert.NotNull(before.OfType<GpsDirectory>().Single().GetGeoLocation());

            var response = await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Sideways")], [("IMG_0001.JPG", original, "image/jpeg")]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var photo = (await FindAsync(app, ws, "sideways"))!.Photos.Single();
            Assert.True(photo.IsCover);
            Assert.Matches("^[a-z2-7]{26}$", photo.Token);
            Assert.Equal((200, 400), (photo.Width, photo.Height));
            Assert.Equal(3, FilesOf(photo.Token).Length);

            var large = await client.Http.GetByteArrayAsync(RecipePhotoStore.UrlFor(photo.Token, PhotoSize.Large, photo.Extension));
            using (var bitmap = SKBitmap.Decode(large))
            {
                // Turned a quarter clockwise: the left (red) half is now on top.
                Assert.Equal((200, 400), (bitmap.Width, bitmap.Height));
                Assert.True(bitmap.GetPixel(100, 50).Red > 200 && bitmap.GetPixel(100, 50).Blue < 60, "top is red");
                Assert.True(bitmap.GetPixel(100, 350).Blue > 200 && bitmap.GetPixel(100, 350).Red < 60, "bottom is blue");
            }

            foreach (var size in PhotoSize.All)
            {
                var bytes = await client.Http.GetByteArrayAsync(RecipePhotoStore.UrlFor(photo.Token, size, photo.Extension));
                var metadata = ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));
                Assert.Empty(metadata.OfType<GpsDirectory>());
                Assert.Empty(metadata.OfType<ExifIfd0Directory>());
                Assert.Empty(metadata.OfType<ExifSubIfdDirectory>());
                using var bitmap = SKBitmap.Decode(bytes);
                Assert.True(Math.Max(bitmap.Width, bitmap.Height) <= size.MaxSide);
            }

            var small = SKBitmap.Decode(await client.Http.GetByteArrayAsync(RecipePhotoStore.UrlFor(photo.Token, PhotoSize.Small, photo.Extension)));
            Assert.Equal((160, 320), (small.Width, small.Height));
        }
    }

    [Fact]
    public async Task TheTypeIsReadFromTheBytes_APngNamedJpgIsFine_ATextNamedJpgIsRefusedWithAMessage()
    {
        var (ws, client) = await SignedInAsync();
        using (client)
        {
            var png = TestImages.Halves(50, 50, SKEncodedImageFormat.Png);
            Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Png in disguise")], [("photo.jpg", png, "image/jpeg")])).StatusCode);
            Assert.Single((await FindAsync(app, ws, "png-in-disguise"))!.Photos);

            var filesBefore = (await PhotoFilesAsync(app, ws)).Length;
            var refused = await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Not a photo")],
                [("first.jpg", TestImages.Halves(40, 40), "image/jpeg"), ("notes.jpg", "just some text, honest"u8.ToArray(), "image/jpeg")]);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await PageClient.ParseAsync(refused);
            Assert.Equal("notes.jpg: That file is not a photo: use a JPEG, PNG, GIF or WebP picture.", page.QuerySelector("[data-valmsg-for=Photos]")!.TextContent.Trim());
            // Nothing of it stays: no recipe, and not even the good photo's files.
            Assert.Null(await FindAsync(app, ws, "not-a-photo"));
            Assert.Equal(filesBefore, (await PhotoFilesAsync(app, ws)).Length);
            Assert.Equal("Not a photo", page.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task ADecompressionBomb_IsRefusedFromItsHeader_LeavingNoFileAndNoRow()
    {
        var (ws, client) = await SignedInAsync();
        using (client)
        {
            var bomb = TestImages.PngBomb();
            Assert.True(bomb.Length < 1024, $"{bomb.Length} bytes");
            var filesBefore = (await PhotoFilesAsync(app, ws)).Length;
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var response = await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Boom")], [("boom.png", bomb, "image/png")]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var message = (await PageClient.ParseAsync(response)).QuerySelector("[data-valmsg-for=Photos]")!.TextContent.Trim();
            Assert.Equal("The picture is 50,000×50,000 pixels; at most 40 megapixels, please.", message);
            // Nothing near the 10 GB the pixels would take was ever allocated.
            Assert.True(GC.GetTotalMemory(forceFullCollection: true) - memoryBefore < 200_000_000);
            Assert.Null(await FindAsync(app, ws, "boom"));
            Assert.Equal(filesBefore, (await PhotoFilesAsync(app, ws)).Length);
        }
    }

    [Fact]
    public async Task RemovingAPhotoOrTheRecipe_RemovesTheFiles_AndTheNextPhotoBecomesTheCover()
    {
        var (ws, client) = await SignedInAsync();
        using (client)
        {
            await PostFormAsync(client, "/recipes/new", [Field("Input.Title", "Two photos")],
                [("a.jpg", TestImages.Halves(40, 30), "image/jpeg"), ("b.jpg", TestImages.Halves(30, 40), "image/jpeg")]);
            var photos = (await FindAsync(app, ws, "two-photos"))!.Photos.OrderBy(p => p.Position).ToList();
            Assert.Equal(2, photos.Count);
            Assert.True(photos[0].IsCover);

            await client.SubmitAsync("/recipes/two-photos/edit", new Dictionary<string, string>(), $"form[action*='photo={photos[0].Id}'][action*='RemovePhoto']");
            Assert.Empty(FilesOf(photos[0].Token));
            var left = (await FindAsync(app, ws, "two-photos"))!;
            Assert.True(left.Photos.Single().IsCover);
            Assert.Equal(photos[1].Token + photos[1].Extension, left.Cover);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(RecipePhotoStore.UrlFor(photos[0].Token, PhotoSize.Small, photos[0].Extension))).StatusCode);

            await client.SubmitAsync("/recipes/two-photos/edit", new Dictionary<string, string>(), "form[data-testid=delete-form]");
            Assert.Empty(FilesOf(photos[1].Token));
            Assert.Null(await FindAsync(app, ws, "two-photos"));
        }
    }
}
