using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>Asks before deleting a post; deleting takes a POST.</summary>
public sealed class DeleteModel(BlogAccess access, CairnDbContext db) : BlogPageModel(access)
{
    public string Title { get; private set; } = "";
    public string Slug { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var post = await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound();
        if (!await Access.CanEditAsync(post.AuthorId, cancellationToken)) return Denied();
        (Title, Slug) = (post.Title, post.Slug);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound();
        if (!await Access.CanEditAsync(post.AuthorId, cancellationToken)) return Denied();
        db.Posts.Remove(post);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success($"\"{post.Title}\" is deleted.");
        return RedirectToPage("/Blog/Posts"); // the page has several routes; with no values this is /blog (tested)
    }
}
