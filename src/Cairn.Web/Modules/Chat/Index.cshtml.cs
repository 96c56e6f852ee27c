using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary><c>/chat</c>: the channels and conversations the member may see, with unread counts; start a channel or a direct conversation.</summary>
public sealed class IndexModel(ChatAccess access, ChatConversations conversations, ChatLog log) : ChatPageModel(access)
{
    public IReadOnlyList<ConversationSummary> Conversations { get; private set; } = [];

    [BindProperty]
    public string? ChannelName { get; set; }

    [BindProperty]
    public string? Topic { get; set; }

    [BindProperty]
    public bool Private { get; set; }

    [BindProperty]
    public string? People { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Conversations = await conversations.ListAsync(Me, cancellationToken);
        ViewData["Title"] = "Chat";
    }

    public async Task<IActionResult> OnPostChannelAsync(CancellationToken cancellationToken)
    {
        var me = (await conversations.PersonAsync(Me, cancellationToken))!;
        var (channel, problem) = await conversations.CreateChannelAsync(me, ChannelName, Topic, Private, cancellationToken);
        if (channel is not null) return Redirect($"/chat/{channel.Id}");
        ModelState.AddModelError(nameof(ChannelName), problem!);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDirectAsync(CancellationToken cancellationToken)
    {
        var me = (await conversations.PersonAsync(Me, cancellationToken))!;
        var names = (People ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.TrimStart('@')).ToList();
        var (direct, problem) = names.Count == 0 ? (null, "Name at least one member (their username).") : await conversations.DirectAsync(me, names, cancellationToken);
        if (direct is not null) return Redirect($"/chat/{direct.Id}");
        ModelState.AddModelError(nameof(People), problem!);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(long id, CancellationToken cancellationToken)
    {
        if (await Access.ReadableAsync(id, Me, cancellationToken) is not { IsChannel: true, ArchivedAt: null } channel) return NotFound();
        if (!CanWrite) return StatusCode(StatusCodes.Status403Forbidden);
        await log.JoinAsync(channel, (await conversations.PersonAsync(Me, cancellationToken))!, cancellationToken);
        return Redirect($"/chat/{id}");
    }
}
