using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Workspaces;

public sealed class NewModel(WorkspaceService workspaces, WorkspaceLinks links, IOptions<TenancyOptions> tenancy) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a name for the workspace.")]
        [StringLength(100, ErrorMessage = "The name must be at most 100 characters long.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter an address for the workspace.")]
        [Display(Name = "Address")]
        public string Slug { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string BaseDomain => tenancy.Value.BaseDomain;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();

        var result = await workspaces.CreateAsync(Input.Slug, Input.Name, User.UserId(), cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Field is "Slug" or "Name" ? $"Input.{result.Field}" : "", result.Error!);
            return Page();
        }

        TempData.Success($"Workspace {result.Tenant!.Name} is ready at {links.HomeOf(result.Tenant.Slug)} and you are its Owner.");
        return RedirectToPage("/Workspaces/Index");
    }
}
