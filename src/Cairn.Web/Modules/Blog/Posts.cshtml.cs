using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>
/// Every list of posts: the blog index (<c>/blog</c>), a category, a tag, an author, and your drafts.
/// Ten a page with <c>?page=N</c>; a page past the end is 404.
/// </summary>
public sealed class PostsModel(BlogAccess access, CairnDbContext db) : BlogPageModel(access)
{
    public string Heading { get; private set; } = "Blog";
    public string? Intro { get; private set; }
    public PostListView List { get; private set; } = null!;
    public IReadOnlyList<(string Name, string Slug, int Count)> Categories { get; private set; } = [];
    public IReadOnlyList<(string Name, int Count)> Tags { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? category, string? tag, string? author, [FromQuery(Name = "page")] int pageNumber = 1, CancellationToken cancellationToken = default)
    {
        var path = HttpContext.Request.Path.ToUriComponent();
        var drafts = category is null && tag is null && author is null
            && HttpContext.Request.Path.Equals("/blog/drafts", StringComparison.OrdinalIgnoreCase);
        var posts = db.Posts.Published();
        var empty = "No posts yet.";

        if (drafts)
        {
            if (await Access.DraftsAsync(cancellationToken) is not { } own) return Denied();
            posts = own;
            Heading = IsAdmin ? "Drafts" : "Your drafts";
            empty = "No drafts.";
        }
        else if (category is not null)
        {
            var found = await db.Categories.Where(c => c.Slug == category).Select(c => new { c.Name, c.Description }).FirstOrDefaultAsync(cancellationToken);
            if (found is null) return NotFound();
            posts = posts.Where(p => p.Category!.Slug == category);
            Heading = $"Category: {found.Name}";
            Intro = found.Description;
            empty = "No posts in this category yet.";
        }
        else if (tag is not null)
        {
            tag = TagNames.Normalize(tag);
            if (!await db.Tags.AnyAsync(t => t.Name == tag && t.PublishedPosts > 0, cancellationToken)) return NotFound();
            posts = posts.Tagged(tag);
            Heading = $"Tagged #{tag}";
        }
        else if (author is not null)
        {
            var name = await db.Memberships.Where(m => m.User!.UserName == author).Select(m => m.User!.DisplayName).FirstOrDefaultAsync(cancellationToken);
            if (name is null) return NotFound();
            posts = posts.Where(p => p.Author!.UserName == author);
            Heading = $"Posts by {name}";
        }

        var loaded = await PostListing.LoadAsync(posts, pageNumber, cancellationToken);
        if (loaded is null) return NotFound();
        List = new PostListView(loaded, path, empty);

        if (!drafts)
        {
            var categories = await db.Categories.OrderBy(c => c.Name)
                .Select(c => new { c.Name, c.Slug, Count = db.Set<Post>().Count(p => p.CategoryId == c.Id && p.Status == PostStatus.Published) })
                .ToListAsync(cancellationToken);
            Categories = categories.Select(c => (c.Name, c.Slug, c.Count)).ToList();
            var tags = await db.Tags.Select(t => new { t.Name, Count = t.Posts.Count(p => p.Status == PostStatus.Published) })
                .Where(t => t.Count > 0).OrderByDescending(t => t.Count).ThenBy(t => t.Name).Take(30)
                .ToListAsync(cancellationToken);
            Tags = tags.Select(t => (t.Name, t.Count)).ToList();
        }

        ViewData["Title"] = Heading;
        return Page();
    }
}
