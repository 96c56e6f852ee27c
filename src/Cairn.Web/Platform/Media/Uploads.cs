namespace Cairn.Web.Platform.Media;

/// <summary>Reading an uploaded file into memory, never past a limit, whatever its announced length claimed.</summary>
public static class Uploads
{
    /// <summary>The file's bytes, or null when it holds more than <paramref name="limit"/> bytes (reading stops there).</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile upload, long limit, CancellationToken cancellationToken)
    {
        if (upload.Length > limit) return null;
        await using var stream = upload.OpenReadStream();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return null;
        }

        return buffer.ToArray();
    }
}
