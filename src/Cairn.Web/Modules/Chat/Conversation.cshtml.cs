using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// <c>/chat/{id}</c>: one conversation, its latest events, its members (with presence) and the box to write in;
/// <c>?thread=</c> shows one thread, <c>?message=</c> the messages around one. The page works without JavaScript
/// (posts send, add, remove, leave and archive); with it, <c>js/chat.js</c> keeps it live through the page's hub
/// connection, catches up after any gap and pages back through history.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ConversationModel(ChatAccess access, ChatConversations conversations, ChatLog log, ChatLimits limits, ChatAttachments attachments, IOptions<ChatOptions> options) : ChatPageModel(access)
{
    /// <summary>The largest attachment, in MB, as the form says it.</summary>
    public string MaxAttachmentMegabytes => (options.Value.MaxAttachmentBytes / (1024 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The largest post the page takes: a message with the largest attachment <see cref="ChatOptions.MaxAttachmentBytes"/> may allow.</summary>
    public const long MaxRequestBytes = 101 * 1024 * 1024;

    /// <summary>Events the page shows when it opens; older messages come with "Older messages".</summary>
    public const int Shown = 100;

    public Conversation Conversation { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public IReadOnlyList<ChatEventView> Events { get; private set; } = [];

    /// <summary>The shown messages' reactions: per message, each emoji with its count and whether the reader is among them.</summary>
    public Dictionary<long, List<(string Emoji, int Count, bool Mine)>> Reactions { get; private set; } = [];

    /// <summary>The emoji offered for a quick reaction.</summary>
    public static readonly string[] QuickReactions = ["👍", "❤️", "😂", "🎉", "👀"];
    public bool IsMember { get; private set; }
    public string? CannotSend { get; private set; }

    /// <summary>A workspace Admin or Owner, who may delete any message here.</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>May archive the channel and take others out of it (its creator, or a workspace Admin).</summary>
    public bool CanManage { get; private set; }

    /// <summary>The conversation's members, with how far each lets others see they have read (null: they keep it to themselves).</summary>
    public IReadOnlyList<(ChatPerson Person, long? SeenUpTo)> Members { get; private set; } = [];

    /// <summary>The thread shown (<c>?thread=</c>, a message's id), instead of the conversation.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Thread { get; set; }

    /// <summary>The message to show with the ones around it (<c>?message=</c>, a message's id), instead of the latest.</summary>
    [BindProperty(SupportsGet = true, Name = "message")]
    public long? Jump { get; set; }

    /// <summary>Reply counts of the shown messages that start threads.</summary>
    public Dictionary<long, int> Replies { get; private set; } = [];

    /// <summary>Whether messages older than the first shown may exist ("Older messages").</summary>
    public bool HasOlder { get; private set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ClientMessageId { get; set; }

    /// <summary>A file sent with the message (a picture is shown in it, anything else linked).</summary>
    [BindProperty]
    public IFormFile? Attachment { get; set; }

    [BindProperty]
    public string? MemberName { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (await ShowAsync(cancellationToken) is { } missing) return missing;
        if (IsMember && Jump is null) await log.MarkReadAsync(id, Me, Conversation.LastSeq, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (CannotSend is { } refusal) return StatusCode(StatusCodes.Status403Forbidden, refusal);
        if (limits.RefuseSend(Conversation.TenantId, Me) is { } tooMany)
        {
            ModelState.AddModelError(nameof(Text), tooMany);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return await ShowAsync(cancellationToken) ?? Page();
        }

        var text = Text?.Trim() ?? "";
        if (Attachment is { } upload)
        {
            var (file, refused) = await attachments.SaveAsync(Conversation, Me, upload, cancellationToken);
            if (file is null)
            {
                ModelState.AddModelError(nameof(Attachment), refused!);
                return await ShowAsync(cancellationToken) ?? Page();
            }

            text = text.Length == 0 ? file.Markdown : $"{text}\n\n{file.Markdown}";
        }

        var (_, problem) = await log.SendAsync(Conversation, (await conversations.PersonAsync(Me, cancellationToken))!, text, ClientMessageId ?? Guid.NewGuid().ToString("N"), cancellationToken, Thread);
        if (problem is null) return Redirect(Thread is { } root ? $"/chat/{id}?thread={root}" : $"/chat/{id}");
        ModelState.AddModelError(nameof(Text), problem);
        return await ShowAsync(cancellationToken) ?? Page();
    }

    /// <summary>Brings a member of the workspace into this channel (anyone who may write in it).</summary>
    public async Task<IActionResult> OnPostAddMemberAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (!Conversation.IsChannel || CannotSend is not null) return StatusCode(StatusCodes.Status403Forbidden);
        if (await conversations.MemberNamedAsync(MemberName, cancellationToken) is not { } person)
        {
            ModelState.AddModelError(nameof(MemberName), "No member of this workspace has that username.");
            return await ShowAsync(cancellationToken) ?? Page();
        }

        await log.JoinAsync(Conversation, person, cancellationToken);
        TempData.Success($"{person.DisplayName} is in {Title} now.");
        return Redirect($"/chat/{id}");
    }

    /// <summary>Takes someone out of this channel (its creator or a workspace Admin); they stop receiving its events at once.</summary>
    public async Task<IActionResult> OnPostRemoveMemberAsync(long id, Guid userId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        if (await conversations.PersonAsync(userId, cancellationToken) is { } person && await log.LeaveAsync(Conversation, person, cancellationToken))
            TempData.Success($"{person.DisplayName} is no longer in {Title}.");
        return Redirect($"/chat/{id}");
    }

    /// <summary>Leaves this channel.</summary>
    public async Task<IActionResult> OnPostLeaveAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (!Conversation.IsChannel) return StatusCode(StatusCodes.Status403Forbidden);
        await log.LeaveAsync(Conversation, (await conversations.PersonAsync(Me, cancellationToken))!, cancellationToken);
        TempData.Success($"You left {Title}.");
        return Redirect("/chat");
    }

    /// <summary>Archives this channel (<paramref name="archived"/>) or takes it out of the archive (its creator or a workspace Admin).</summary>
    public async Task<IActionResult> OnPostArchiveAsync(long id, bool archived, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (!CanManage) return StatusCode(StatusCodes.Status403Forbidden);
        if (await log.ArchiveAsync(Conversation, (await conversations.PersonAsync(Me, cancellationToken))!, archived, cancellationToken))
            TempData.Success(archived ? $"{Title} is archived: it stays readable, and nobody writes in it." : $"{Title} is open again.");
        return Redirect($"/chat/{id}");
    }

    /// <summary>How the page words a membership or archive event after the person's name.</summary>
    public static string Describe(string type) => type switch
    {
        ChatEventView.Join => "joined",
        ChatEventView.Leave => "left",
        ChatEventView.Archive => "archived the channel",
        ChatEventView.Unarchive => "took the channel out of the archive",
        _ => type,
    };

    // The conversation's latest events (replies left to their threads), one thread, or the messages around one;
    // with reactions, reply counts and members.
    private async Task<IActionResult?> ShowAsync(CancellationToken cancellationToken)
    {
        var id = Conversation.Id;
        Members = await conversations.MembersAsync(id, cancellationToken);
        if (Thread is { } root)
        {
            Events = await log.ThreadAsync(id, root, cancellationToken);
            if (Events.Count == 0 || Events[0].Id != root || Events[0].ThreadRootId is not null) return NotFound();
        }
        else if (Jump is { } message)
        {
            var target = await log.MessageSeqAsync(id, message, cancellationToken);
            if (target is null) return NotFound();
            if (target.Value.ThreadRootId is { } thread) return Redirect($"/chat/{id}?thread={thread}#message-{message}");
            var around = await log.MessagesAsync(id, Me, cancellationToken, aroundSeq: target.Value.Seq, limit: ChatLog.MaxMessagesPerPage);
            Events = [.. around.Select(m => m.Message)];
            Reactions = around.ToDictionary(m => m.Message.Id!.Value, m => m.Reactions.Select(r => (r.Emoji, r.Count, r.Mine)).ToList());
            Replies = around.Where(m => m.ReplyCount > 0).ToDictionary(m => m.Message.Id!.Value, m => m.ReplyCount);
            HasOlder = around.Count > 0 && around[0].Message.Seq > 1;
            return null;
        }
        else Events = [.. (await log.LatestAsync(id, Shown, cancellationToken)).Where(e => e.ThreadRootId is null)];
        var shown = Events.Where(e => e.Type == ChatEventView.Message && e.Id is not null).Select(e => e.Id!.Value).ToList();
        Reactions = await log.ReactionsAsync(shown, Me, cancellationToken);
        Replies = await log.ReplyCountsAsync(shown, cancellationToken);
        HasOlder = Thread is null && Events.Count > 0 && Events[0].Seq > 1;
        return null;
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await Access.ReadableAsync(id, Me, cancellationToken) is not { } conversation) return NotFound();
        Conversation = conversation;
        IsMember = await Access.IsMemberAsync(id, Me, cancellationToken);
        CannotSend = await Access.CannotSendAsync(conversation, Me, cancellationToken);
        IsAdmin = WorkspacePermissions.IsAdmin(await Access.RoleAsync(Me, cancellationToken));
        CanManage = await Access.CannotManageAsync(conversation, Me, cancellationToken) is null;
        Title = await conversations.ListAsync(Me, cancellationToken, only: id) is [var summary] ? summary.Title : "#" + conversation.Name;
        ViewData["Title"] = Title;
        return null;
    }
}
