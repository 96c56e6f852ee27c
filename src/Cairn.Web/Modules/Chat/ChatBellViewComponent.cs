using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// The bell in the top navigation of a workspace's members: unread mentions and direct messages, and where they
/// are. It loads <c>js/chat-live.js</c>, the page's one hub connection, which fills the bell in as soon as it is
/// connected and keeps it live; it also makes its member present (online, or away while no tab is in use) and
/// serves the conversation page. Rendering it costs no query: every page of a member carries it.
/// </summary>
public sealed class ChatBellViewComponent : ViewComponent
{
    public IViewComponentResult Invoke() => View("/Modules/Chat/ChatBell.cshtml", new BellView(0, []));
}
