using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>The categories of the blog; Admins and Owners add and delete them here.</summary>
public sealed class CategoriesModel(BlogAccess access, CairnDbContext db, BlogCache cache) : BlogPageModel(access)
{
    public sealed record Row(int Id, string Name, string Slug, string Description, int Posts);

    public sealed class CategoryInput
    {
        [Required(ErrorMessage = "Name the category.")]
        [StringLength(100, ErrorMessage = "The name may be at most 100 characters long.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [StringLength(500, ErrorMessage = "The description may be at most 500 characters long.")]
        [Display(Name = "Description")]
        public string? Description { get; set; }
    }

    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin) return Denied();
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var slug = Slugs.From(Input.Name);
        if (await db.Categories.AnyAsync(c => c.Slug == slug, cancellationToken))
        {
            ModelState.AddModelError("Input.Name", "A category with this name already exists.");
            await LoadAsync(cancellationToken);
            return Page();
        }

        db.Categories.Add(new Category { Name = Input.Name.Trim(), Slug = slug, Description = Input.Description?.Trim() ?? "" });
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success($"Category {Input.Name.Trim()} added.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!IsAdmin) return Denied();
        var deleted = await db.Categories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return NotFound();
        await cache.InvalidateAsync(cancellationToken);
        TempData.Success("Category deleted; its posts have no category now.");
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Categories.OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.Slug, c.Description, Posts = db.Set<Post>().Count(p => p.CategoryId == c.Id && p.Status == PostStatus.Published) })
            .ToListAsync(cancellationToken);
        Rows = rows.Select(r => new Row(r.Id, r.Name, r.Slug, r.Description, r.Posts)).ToList();
        ViewData["Title"] = "Categories";
    }
}
