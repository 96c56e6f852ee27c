using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// The bell in the top navigation of a workspace's members: unread mentions and direct messages, and where they
/// are. It loads <c>js/chat-live.js</c>, the page's one hub connection: it keeps the bell live, makes its member
/// present (online, or away while no tab is in use) and serves the conversation page.
/// </summary>
public sealed class ChatBellViewComponent(ChatConversations conversations) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var bell = HttpContext.User.UserId() is { } me ? await conversations.BellAsync(me, HttpContext.RequestAborted) : new BellView(0, []);
        return View("/Modules/Chat/ChatBell.cshtml", bell);
    }
}
