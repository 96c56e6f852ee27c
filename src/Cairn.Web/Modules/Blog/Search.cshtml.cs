using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>Searches published posts: PostgreSQL full-text search, or a word match on SQLite. Paginated, words highlighted.</summary>
public sealed class SearchModel(BlogAccess access, CairnDbContext db) : BlogPageModel(access)
{
    public string Query { get; private set; } = "";
    public PostListView? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, [FromQuery(Name = "page")] int pageNumber = 1, CancellationToken cancellationToken = default)
    {
        Query = (q ?? "").Trim();
        ViewData["Title"] = Query.Length == 0 ? "Search" : $"Search: {Query}";
        if (Query.Length == 0) return Page();
        if (Query.Length > 200) Query = Query[..200];

        var words = WordSearch.Words(Query);
        var loaded = await PostListing.LoadAsync(PostSearch.Matching(db, db.Posts.Published(), Query), pageNumber, cancellationToken);
        if (loaded is null) return NotFound();
        List = new PostListView(loaded, $"/blog/search?q={Uri.EscapeDataString(Query)}", "No posts match your search.", words);
        return Page();
    }
}
