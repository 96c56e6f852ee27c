using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// <c>/chat/{id}</c>: one conversation, its latest events, and the box to write in. The page works without
/// JavaScript (a post sends); with it, <c>js/chat.js</c> keeps it live through the hub and catches up after any gap.
/// </summary>
public sealed class ConversationModel(ChatAccess access, ChatConversations conversations, ChatLog log) : ChatPageModel(access)
{
    /// <summary>Events the page shows when it opens; older ones are further up (not yet).</summary>
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

    /// <summary>The thread shown (<c>?thread=</c>, a message's id), instead of the conversation.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Thread { get; set; }

    /// <summary>Reply counts of the shown messages that start threads.</summary>
    public Dictionary<long, int> Replies { get; private set; } = [];

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ClientMessageId { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (await ShowAsync(cancellationToken) is { } missing) return missing;
        if (IsMember) await log.MarkReadAsync(id, Me, Conversation.LastSeq, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (CannotSend is { } refusal) return StatusCode(StatusCodes.Status403Forbidden, refusal);
        var (_, problem) = await log.SendAsync(Conversation, (await conversations.PersonAsync(Me, cancellationToken))!, Text, ClientMessageId ?? Guid.NewGuid().ToString("N"), cancellationToken, Thread);
        if (problem is null) return Redirect(Thread is { } root ? $"/chat/{id}?thread={root}" : $"/chat/{id}");
        ModelState.AddModelError(nameof(Text), problem);
        return await ShowAsync(cancellationToken) ?? Page();
    }

    // The conversation's latest events (replies left to their threads), or one thread; with reactions and reply counts.
    private async Task<IActionResult?> ShowAsync(CancellationToken cancellationToken)
    {
        var id = Conversation.Id;
        if (Thread is { } root)
        {
            Events = await log.ThreadAsync(id, root, cancellationToken);
            if (Events.Count == 0 || Events[0].Id != root || Events[0].ThreadRootId is not null) return NotFound();
        }
        else Events = [.. (await log.LatestAsync(id, Shown, cancellationToken)).Where(e => e.ThreadRootId is null)];
        var shown = Events.Where(e => e.Type == ChatEventView.Message && e.Id is not null).Select(e => e.Id!.Value).ToList();
        Reactions = await log.ReactionsAsync(shown, Me, cancellationToken);
        Replies = await log.ReplyCountsAsync(shown, cancellationToken);
        return null;
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await Access.ReadableAsync(id, Me, cancellationToken) is not { } conversation) return NotFound();
        Conversation = conversation;
        IsMember = await Access.IsMemberAsync(id, Me, cancellationToken);
        CannotSend = await Access.CannotSendAsync(conversation, Me, cancellationToken);
        IsAdmin = WorkspacePermissions.IsAdmin(await Access.RoleAsync(Me, cancellationToken));
        Title = await conversations.ListAsync(Me, cancellationToken, only: id) is [var summary] ? summary.Title : "#" + conversation.Name;
        ViewData["Title"] = Title;
        return null;
    }
}
