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

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ClientMessageId { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        Events = await log.LatestAsync(id, Shown, cancellationToken);
        Reactions = await log.ReactionsAsync([.. Events.Where(e => e.Type == ChatEventView.Message && e.Id is not null).Select(e => e.Id!.Value)], Me, cancellationToken);
        if (IsMember && Events.Count > 0) await log.MarkReadAsync(id, Me, Events[^1].Seq, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } answer) return answer;
        if (CannotSend is { } refusal) return StatusCode(StatusCodes.Status403Forbidden, refusal);
        var (_, problem) = await log.SendAsync(Conversation, (await conversations.PersonAsync(Me, cancellationToken))!, Text, ClientMessageId ?? Guid.NewGuid().ToString("N"), cancellationToken);
        if (problem is null) return Redirect($"/chat/{id}");
        ModelState.AddModelError(nameof(Text), problem);
        Events = await log.LatestAsync(id, Shown, cancellationToken);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await Access.ReadableAsync(id, Me, cancellationToken) is not { } conversation) return NotFound();
        Conversation = conversation;
        IsMember = await Access.IsMemberAsync(id, Me, cancellationToken);
        CannotSend = await Access.CannotSendAsync(conversation, Me, cancellationToken);
        IsAdmin = WorkspacePermissions.IsAdmin(await Access.RoleAsync(Me, cancellationToken));
        Title = (await conversations.ListAsync(Me, cancellationToken)).FirstOrDefault(c => c.Id == id)?.Title ?? "#" + conversation.Name;
        ViewData["Title"] = Title;
        return null;
    }
}
