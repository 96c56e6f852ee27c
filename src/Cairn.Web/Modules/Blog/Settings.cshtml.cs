using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Blog;

/// <summary>Blog settings of the workspace, for its Admins and Owners.</summary>
public sealed class SettingsModel(BlogAccess access, CairnDbContext db) : BlogPageModel(access)
{
    [BindProperty]
    public bool MembersOnly { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin) return Denied();
        MembersOnly = await Access.MembersOnlyAsync(cancellationToken);
        ViewData["Title"] = "Blog settings";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!IsAdmin) return Denied();
        var settings = await db.BlogSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null) db.BlogSettings.Add(settings = new BlogSettings());
        settings.MembersOnly = MembersOnly;
        await db.SaveChangesAsync(cancellationToken);
        TempData.Success(MembersOnly ? "Only members can read the blog now." : "Anyone can read the blog now.");
        return RedirectToPage();
    }
}
