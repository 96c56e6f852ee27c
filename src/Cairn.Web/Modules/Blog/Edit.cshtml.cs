using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Cairn.Web.Modules.Blog;

public sealed class EditModel(BlogAccess access, CairnDbContext db, PostForm form) : BlogPageModel(access)
{
    [BindProperty]
    public PostInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Categories { get; private set; } = [];
    public string Slug { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var post = await db.Posts.Include(p => p.Tags).FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound();
        if (!await Access.CanEditAsync(post.AuthorId, cancellationToken)) return Denied();

        Slug = post.Slug;
        Categories = await form.CategoryOptionsAsync(cancellationToken);
        Input = new PostInput
        {
            Title = post.Title, Slug = post.Slug, Description = post.Description, Body = post.Body, CategoryId = post.CategoryId,
            Tags = string.Join(", ", post.Tags.OrderBy(t => t.Name).Select(t => t.Name)), Publish = post.Status == PostStatus.Published,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        var post = await db.Posts.Include(p => p.Tags).FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound();
        if (!await Access.CanEditAsync(post.AuthorId, cancellationToken)) return Denied();

        Slug = post.Slug;
        Categories = await form.CategoryOptionsAsync(cancellationToken);
        if (!ModelState.IsValid) return Page();
        if (await form.ApplyAsync(post, Input, isNew: false, cancellationToken) is { } error)
        {
            ModelState.AddModelError(error.Field, error.Message);
            return Page();
        }

        if (await form.SaveAsync(cancellationToken) is { } conflict)
        {
            ModelState.AddModelError("Input.Slug", conflict);
            return Page();
        }
        TempData.Success("Your changes are saved.");
        return RedirectToPage("/Blog/Show", new { slug = post.Slug });
    }
}
