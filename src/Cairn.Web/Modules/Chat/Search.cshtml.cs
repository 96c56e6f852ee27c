using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Chat;

/// <summary><c>/chat/search?q=</c>: the messages the member may read that have these words, newest first, each a link to where it was said.</summary>
public sealed class SearchModel(ChatAccess access, ChatConversations conversations, ChatLimits limits, ITenantContext tenant) : ChatPageModel(access)
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The next page: messages older than this one.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<ChatSearchHit> Hits { get; private set; } = [];

    public IReadOnlyList<string> Words { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        ViewData["Title"] = "Search chat";
        Query = Query?.Trim();
        if (string.IsNullOrEmpty(Query)) return Page();
        if (Query.Length > 200) Query = Query[..200];
        Words = WordSearch.Words(Query);
        if (Words.Count == 0)
        {
            Problem = "Search for a word of two letters or more.";
            return Page();
        }

        if (limits.RefuseRead(tenant.Workspace().Id, Me) is { } tooMany)
        {
            Problem = tooMany;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        Hits = await conversations.SearchAsync(Me, Query, Before, cancellationToken);
        return Page();
    }
}
