using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Cairn.Web.Modules.Blog;

public sealed class NewModel(BlogAccess access, CairnDbContext db, PostForm form) : BlogPageModel(access)
{
    [BindProperty]
    public PostInput Input { get; set; } = new() { Publish = true };

    public IReadOnlyList<SelectListItem> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!CanWrite) return Denied();
        Categories = await form.CategoryOptionsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanWrite) return Denied();
        Categories = await form.CategoryOptionsAsync(cancellationToken);
        if (!ModelState.IsValid) return Page();

        var post = new Post { Title = Input.Title, Slug = "", AuthorId = Access.UserId!.Value };
        if (await form.ApplyAsync(post, Input, isNew: true, cancellationToken) is { } error)
        {
            ModelState.AddModelError(error.Field, error.Message);
            return Page();
        }

        db.Posts.Add(post);
        if (await form.SaveAsync(cancellationToken) is { } conflict)
        {
            ModelState.AddModelError("Input.Slug", conflict);
            return Page();
        }
        TempData.Success(post.Status == PostStatus.Published ? "Your post is published." : "Your draft is saved.");
        return RedirectToPage("/Blog/Show", new { slug = post.Slug });
    }
}
