using Cairn.Web.Platform;
using System.Security.Cryptography;
using Cairn.Web.Platform.Media;

namespace Cairn.Web.Modules.Recipes;

/// <summary>One stored size of a photo: its code in file names and addresses, and the longest side it is made to fit.</summary>
public sealed record PhotoSize(string Code, int MaxSide)
{
    public static readonly PhotoSize Small = new("s", 320);
    public static readonly PhotoSize Medium = new("m", 960);
    public static readonly PhotoSize Large = new("l", 1920);
    public static readonly PhotoSize[] All = [Small, Medium, Large];
}

/// <summary>A photo written to the media folder, not yet in the database.</summary>
public sealed record StoredPhoto(string Token, string Extension, int Width, int Height);

/// <summary>
/// Keeps recipe photos under the media folder's <c>recipes/{workspace id}/</c>, as <see cref="ImagePipeline"/>
/// re-encodes them (type read from the bytes, EXIF and every other metadata gone, turned upright) in three sizes,
/// named by 128 random bits so that no address can be guessed. They are served by <see cref="RecipePhotoEndpoint"/>,
/// which checks that the reader may see the recipe; the static <c>/media</c> files never include them.
/// </summary>
public sealed class RecipePhotoStore(CairnPaths paths, ImagePipeline images, IOptions<RecipeOptions> options)
{
    /// <summary>The largest upload request the photo forms accept (several photos at once).</summary>
    public const long MaxRequestBytes = 64 * 1024 * 1024;

    public string Folder(int tenantId) => Path.Combine(paths.MediaDirectory, "recipes", tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string PathFor(int tenantId, string token, PhotoSize size, string extension) => Path.Combine(Folder(tenantId), $"{token}-{size.Code}{extension}");

    public static string UrlFor(string token, PhotoSize size, string extension) => $"/recipes/photos/{token}-{size.Code}{extension}";

    /// <summary>Checks, re-encodes and writes each upload; on any refusal, nothing stays written and the message says which file and why.</summary>
    public async Task<(List<StoredPhoto> Photos, string? Error)> SaveAllAsync(int tenantId, IReadOnlyList<IFormFile> uploads, CancellationToken cancellationToken)
    {
        var stored = new List<StoredPhoto>();
        try
        {
            foreach (var upload in uploads)
            {
                var (photo, error) = await SaveAsync(tenantId, upload, cancellationToken);
                if (error is not null)
                {
                    Delete(tenantId, stored);
                    return ([], uploads.Count > 1 ? $"{Path.GetFileName(upload.FileName)}: {error}" : error);
                }

                stored.Add(photo!);
            }
        }
        catch
        {
            Delete(tenantId, stored);
            throw;
        }

        return (stored, null);
    }

    private async Task<(StoredPhoto? Photo, string? Error)> SaveAsync(int tenantId, IFormFile upload, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxPhotoBytes;
        if (upload.Length == 0) return (null, "The file is empty.");
        if (await Uploads.ReadAsync(upload, limit, cancellationToken) is not { } bytes) return (null, $"A photo may be at most {limit / (1024 * 1024)} MB.");

        var sizes = images.ProcessSizes(bytes, [.. PhotoSize.All.Select(s => s.MaxSide)], options.Value.MaxPhotoPixels);
        if (sizes.Error is not null) return (null, sizes.Error == "Use a PNG, JPEG, GIF or WebP picture." ? "That file is not a photo: use a JPEG, PNG, GIF or WebP picture." : sizes.Error);

        var token = NewToken();
        var extension = sizes.Pictures[0].Extension!;
        var written = new List<string>();
        try
        {
            Directory.CreateDirectory(Folder(tenantId));
            for (var i = 0; i < PhotoSize.All.Length; i++)
            {
                var path = PathFor(tenantId, token, PhotoSize.All[i], extension);
                written.Add(path);
                await File.WriteAllBytesAsync(path, sizes.Pictures[i].Bytes!, cancellationToken);
            }
        }
        catch (Exception e)
        {
            foreach (var path in written) TryDelete(path);
            if (e is IOException or UnauthorizedAccessException) throw new StorageUnavailableException("The media folder", e);
            throw;
        }

        var large = sizes.Pictures[^1];
        return (new StoredPhoto(token, extension, large.Width, large.Height), null);
    }

    /// <summary>Removes the files of these photos (after a failed save, or when the photos are deleted).</summary>
    public void Delete(int tenantId, IEnumerable<StoredPhoto> photos)
    {
        foreach (var photo in photos) Delete(tenantId, photo.Token, photo.Extension);
    }

    public void Delete(int tenantId, string token, string extension)
    {
        if (!IsToken(token) || extension is not (".jpg" or ".png")) return;
        foreach (var size in PhotoSize.All) TryDelete(PathFor(tenantId, token, size, extension));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>128 random bits in base-32, lower case: 26 letters and digits.</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[17];
        RandomNumberGenerator.Fill(bytes[..16]);
        bytes[16] = 0;
        var chars = new char[26];
        for (var i = 0; i < 26; i++)
        {
            var bit = i * 5;
            var value = (bytes[bit / 8] << 8 | bytes[bit / 8 + 1]) >> (11 - bit % 8) & 31;
            chars[i] = Alphabet[value];
        }

        return new string(chars);
    }

    public static bool IsToken(string token) => token.Length == 26 && token.All(c => Alphabet.Contains(c));
}
