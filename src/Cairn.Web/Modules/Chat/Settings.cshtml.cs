using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary><c>/chat/settings</c>: whether others see what the member has read ("seen by"), and whether missed mentions and direct messages come by email.</summary>
public sealed class SettingsModel(ChatAccess access, ChatConversations conversations, IOptions<ChatOptions> options) : ChatPageModel(access)
{
    /// <summary>At most one missed-messages email in this many minutes.</summary>
    public int EveryMinutes => options.Value.MissedEmailEveryMinutes;

    [BindProperty]
    public bool ShareReadReceipts { get; set; } = true;

    [BindProperty]
    public bool EmailMissed { get; set; } = true;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Chat settings";
        var settings = await conversations.SettingsAsync(Me, cancellationToken);
        ShareReadReceipts = settings.ShareReadReceipts;
        EmailMissed = settings.EmailMissed;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await conversations.SaveSettingsAsync(Me, ShareReadReceipts, EmailMissed, cancellationToken);
        TempData.Success("Chat settings saved.");
        return Redirect("/chat/settings");
    }
}
