using Microsoft.Extensions.Options;

namespace Cairn.Web.Platform.Accounts;

/// <summary>Keeps avatars under the media folder. Only PNG, JPEG, GIF and WebP are accepted, recognised by their first bytes.</summary>
public sealed class AvatarStore(CairnPaths paths, IOptions<AccountOptions> options)
{
    private string Folder => Path.Combine(paths.MediaDirectory, "avatars");

    /// <summary>Saves the upload and returns its file name, or an error for the form.</summary>
    public async Task<(string? File, string? Error)> SaveAsync(Guid userId, IFormFile upload, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxAvatarBytes;
        if (upload.Length == 0) return (null, "The file is empty.");
        if (upload.Length > limit) return (null, $"The picture must be at most {limit / 1024} KB.");

        var head = new byte[12];
        await using (var stream = upload.OpenReadStream())
        {
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < 4) return (null, "That file is not a picture.");
        }

        var extension = ImageExtension(head);
        if (extension is null) return (null, "Use a PNG, JPEG, GIF or WebP picture.");

        Directory.CreateDirectory(Folder);
        var name = $"{userId:N}-{Guid.NewGuid():N}{extension}";
        await using (var target = File.Create(Path.Combine(Folder, name)))
        {
            await upload.CopyToAsync(target, cancellationToken);
        }

        return (name, null);
    }

    public void Delete(string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Contains('/') || file.Contains('\\')) return;
        var path = Path.Combine(Folder, file);
        if (File.Exists(path)) File.Delete(path);
    }

    private static string? ImageExtension(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => ".png",
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [0x47, 0x49, 0x46, 0x38, ..] => ".gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50] => ".webp",
        _ => null,
    };
}
