using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/{module}/{entity}/{id}/delete/</c>: asks first, naming what the delete takes with it, counted per
/// kind with the first few named (it never loads a large cascade); then deletes and logs.
/// </summary>
public sealed class DeleteModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor)
    : AdminPageModel(membership, site, tenant, db)
{
    protected override AdminAction Action => AdminAction.Delete;

    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public IReadOnlyList<CascadeGroup> Cascade { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await Entity.LabelAsync(Db, id, cancellationToken) is not { } label) return NotFound();
        (Key, Label) = (id, label);
        Cascade = await Entity.CascadeAsync(Db, id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (await editor.DeleteAsync(Entity, id, cancellationToken) is not { } label) return NotFound();
        TempData.Success($"The {Entity.Label} “{label}” was deleted.");
        return Redirect(Entity.Path);
    }
}
