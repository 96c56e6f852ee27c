using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cairn.Web.Platform;
using Cairn.Web.Platform.Media;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Files sent in conversations, under the media folder's <c>chat/{workspace id}/</c>. A picture (PNG, JPEG, GIF,
/// WebP, by its bytes) goes through the platform's <see cref="ImagePipeline"/>: re-encoded, metadata gone, at most
/// <see cref="MaxImageSide"/> pixels a side, and shown in the message. Any other file is kept as it came and only
/// ever served as a download (<c>application/octet-stream</c>, <c>Content-Disposition: attachment</c>, <c>nosniff</c>, under the site's own
/// strict CSP), so an HTML or
/// SVG file cannot run in the site's origin. Names are 128 random bits; <c>GET /chat/files/{token}/{name}</c>
/// serves a file to those who may read its conversation, and answers everyone else 404.
/// </summary>
public sealed partial class ChatAttachments(CairnDbContext db, CairnPaths paths, ImagePipeline images, IOptions<ChatOptions> options, TimeProvider clock)
{
    /// <summary>Pictures are stored to fit in this many pixels a side.</summary>
    public const int MaxImageSide = 1600;

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenShape();

    [GeneratedRegex("/chat/files/([0-9a-f]{32})/")]
    private static partial Regex Linked();

    // Pictures decoded at once at most, whoever sends them: a decode may take tens of MB and a core.
    private static readonly SemaphoreSlim Decoding = new(2, 2);

    /// <summary>
    /// The attachments that belong to <paramref name="message"/> (those it sent, and its author's unsent uploads it
    /// links), deleted with it: never a file of someone else that it only links. Their rows go in the caller's
    /// transaction, and the caller deletes the returned files after the commit (<see cref="DeleteFiles"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetLinkedAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var tokens = Tokens(message.Text);
        var files = await db.Set<ChatAttachment>()
            .Where(a => a.MessageId == message.Id
                || (a.ConversationId == message.ConversationId && a.MessageId == null && a.UploadedById == message.AuthorId && tokens.Contains(a.Token)))
            .ToListAsync(cancellationToken);
        if (files.Count == 0) return [];
        db.RemoveRange(files);
        var tenant = db.TenantFilterValue;
        return [.. files.Select(f => PathOf(paths, tenant, f.Token, f.Extension))];
    }

    /// <summary>Deletes stored files (after the commit that forgot them); one already gone is no matter.</summary>
    public static void DeleteFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left behind: nothing links or serves it any more.
            }
        }
    }

    private static string Folder(CairnPaths paths, int tenant) => Path.Combine(paths.MediaDirectory, "chat", tenant.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string PathOf(CairnPaths paths, int tenant, string token, string extension) => Path.Combine(Folder(paths, tenant), token + extension);

    /// <summary>
    /// The uploads of <paramref name="message"/>'s author that its text links (of its own conversation, not sent
    /// before) now belong to it: kept while it is, deleted with it. Called in the transaction that stores or edits it.
    /// </summary>
    public async Task LinkAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var tokens = Tokens(message.Text);
        if (tokens.Count == 0) return;
        await db.Set<ChatAttachment>()
            .Where(a => a.ConversationId == message.ConversationId && a.UploadedById == message.AuthorId && a.MessageId == null && tokens.Contains(a.Token))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.MessageId, message.Id), cancellationToken);
    }

    // The chat files a text links, by token.
    private static List<string> Tokens(string text) => [.. Linked().Matches(text).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>True when <paramref name="text"/> links a chat file (a message that does is stored on its own, which links it).</summary>
    public static bool LinksAFile(string text) => text.Contains("/chat/files/", StringComparison.Ordinal);

    /// <summary>Deletes this workspace's uploads never sent within <see cref="ChatOptions.UnsentAttachmentHours"/>, rows and files; how many.</summary>
    public async Task<int> SweepUnsentAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddHours(-options.Value.UnsentAttachmentHours);
        var unsent = await db.Set<ChatAttachment>().Where(a => a.MessageId == null && a.UploadedAt < before)
            .OrderBy(a => a.UploadedAt).Take(1_000).ToListAsync(cancellationToken);
        if (unsent.Count == 0) return 0;
        var ids = unsent.Select(a => a.Id).ToList();
        // Only the rows still unsent go, and only their files: one sent meanwhile stays, file and all.
        await db.Set<ChatAttachment>().Where(a => ids.Contains(a.Id) && a.MessageId == null).ExecuteDeleteAsync(cancellationToken);
        var kept = await db.Set<ChatAttachment>().Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        var tenant = db.TenantFilterValue;
        var gone = unsent.Where(a => !kept.Contains(a.Id)).ToList();
        DeleteFiles(gone.Select(a => PathOf(paths, tenant, a.Token, a.Extension)));
        return gone.Count;
    }

    /// <summary>Checks and stores <paramref name="upload"/> for the conversation; the attachment, or why not.</summary>
    public async Task<(ChatAttachment? Attachment, string? Problem)> SaveAsync(Conversation conversation, Guid uploader, IFormFile upload, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxAttachmentBytes;
        if (upload.Length == 0) return (null, "The file is empty.");
        // Uploads nobody sends cannot pile up: a few per member at a time, gone after a day; and a workspace has a ceiling.
        var unsentLimit = options.Value.MaxUnsentAttachments;
        if (await db.Set<ChatAttachment>().CountAsync(a => a.MessageId == null && a.UploadedById == uploader, cancellationToken) >= unsentLimit)
            return (null, $"You have {unsentLimit} files uploaded and not sent yet. Send them first (files not sent are deleted after {options.Value.UnsentAttachmentHours} hours).");
        var inWorkspace = await db.Set<ChatAttachment>().SumAsync(a => (long?)a.Size, cancellationToken) ?? 0;
        if (inWorkspace + upload.Length > options.Value.MaxWorkspaceAttachmentBytes)
            return (null, $"This workspace's chat files are full ({options.Value.MaxWorkspaceAttachmentBytes / (1024 * 1024.0 * 1024):0.#} GB). Delete messages with files you no longer need.");
        if (await Uploads.ReadAsync(upload, limit, cancellationToken) is not { } bytes)
            return (null, $"A file may be at most {limit / (1024 * 1024.0):0.#} MB.");
        var name = Unsafe().Replace(Path.GetFileName(upload.FileName ?? ""), "-").Trim('-', '.');
        if (name.Length == 0) name = "file";
        if (name.Length > ChatAttachment.MaxFileNameLength) name = name[^ChatAttachment.MaxFileNameLength..].TrimStart('-', '.');

        ImagePipeline.Result picture;
        await Decoding.WaitAsync(cancellationToken);
        try
        {
            picture = images.Process(bytes, MaxImageSide);
        }
        finally
        {
            Decoding.Release();
        }

        var isImage = picture.Error is null;
        // A picture's name says what it is now (a PNG without transparency is stored as a JPEG).
        if (isImage) name = (Path.GetFileNameWithoutExtension(name) is { Length: > 0 } stem ? stem : "picture") + picture.Extension;
        var stored = isImage ? picture.Bytes! : bytes;
        var attachment = new ChatAttachment
        {
            ConversationId = conversation.Id, Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), FileName = name,
            Extension = isImage ? picture.Extension! : ".bin", IsImage = isImage, Size = stored.LongLength,
            Width = picture.Width, Height = picture.Height, UploadedById = uploader, UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        var tenant = db.TenantFilterValue;
        Directory.CreateDirectory(Folder(paths, tenant));
        var path = PathOf(paths, tenant, attachment.Token, attachment.Extension);
        await File.WriteAllBytesAsync(path, stored, cancellationToken);
        try
        {
            db.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return (attachment, null);
    }

    public static IEndpointRouteBuilder MapChatFiles(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/chat/files/{token}/{name}", ServeAsync).WithName("Chat.File").ExcludeFromDescription()
            .RequireAuthorization(Platform.Api.CairnApi.SignedIn);
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(string token, string name, HttpContext http, CairnDbContext db, ChatAccess access, CairnPaths paths, CancellationToken cancellationToken)
    {
        if (!TokenShape().IsMatch(token) || http.User.UserId() is not { } me || db.CurrentTenantId is not { } tenant) return Results.NotFound();
        var file = await db.Set<ChatAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Token == token, cancellationToken);
        if (file is null || file.FileName != name || await access.ReadableAsync(file.ConversationId, me, cancellationToken) is null) return Results.NotFound();
        var path = PathOf(paths, tenant, file.Token, file.Extension);
        if (!File.Exists(path)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "private, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        if (file.IsImage) return Results.File(path, file.Extension == ".png" ? "image/png" : "image/jpeg");
        return Results.File(path, "application/octet-stream", fileDownloadName: file.FileName);
    }
}
