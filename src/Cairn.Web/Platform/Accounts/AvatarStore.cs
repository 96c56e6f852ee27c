using Cairn.Web.Platform.Media;

namespace Cairn.Web.Platform.Accounts;

/// <summary>
/// Keeps avatars under the media folder. An upload is stored only as <see cref="ImagePipeline"/> re-encodes it
/// (a PNG, JPEG, GIF or WebP that decodes, at most 16 megapixels, scaled to fit <see cref="MaxSide"/>), never as sent.
/// </summary>
public sealed class AvatarStore(CairnPaths paths, IOptions<AccountOptions> options, ImagePipeline images)
{
    public const int MaxSide = 512;

    private string Folder => Path.Combine(paths.MediaDirectory, "avatars");

    /// <summary>Saves the upload and returns its file name, or an error for the form.</summary>
    public async Task<(string? File, string? Error)> SaveAsync(Guid userId, IFormFile upload, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxAvatarBytes;
        if (upload.Length == 0) return (null, "The file is empty.");
        // Never more than the limit, whatever Length claimed.
        if (await Uploads.ReadAsync(upload, limit, cancellationToken) is not { } bytes) return (null, $"The picture must be at most {limit / 1024} KB.");

        var picture = images.Process(bytes, MaxSide);
        if (picture.Error is not null) return (null, picture.Error);

        var name = $"{userId:N}-{Guid.NewGuid():N}{picture.Extension}";
        try
        {
            Directory.CreateDirectory(Folder);
            await File.WriteAllBytesAsync(Path.Combine(Folder, name), picture.Bytes!, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Data.StorageUnavailableException("The media folder", e);
        }

        return (name, null);
    }

    public void Delete(string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Contains('/') || file.Contains('\\')) return;
        var path = Path.Combine(Folder, file);
        if (File.Exists(path)) File.Delete(path);
    }
}
