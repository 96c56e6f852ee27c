using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// The change form, for a new object (<see cref="AddModel"/>) and a stored one (<see cref="ChangeModel"/>): one
/// input per field, chosen from the model; errors beside the fields with everything typed kept; a save over a
/// stale copy shows what changed meanwhile and overwrites nothing. "Save", "Save and continue editing" and
/// "Save and add another".
/// </summary>
public abstract class AdminFormPageModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor, UserClock clock)
    : AdminPageModel(membership, site, tenant, db)
{
    public AdminForm Form { get; private set; } = null!;

    /// <summary>The reader's time zone, named beside date and time inputs.</summary>
    public string TimeZone => clock.Zone.Id;

    protected async Task<IActionResult> ShowAsync(string? key, CancellationToken cancellationToken)
    {
        if (await editor.OpenAsync(Entity, key, cancellationToken) is not { } form) return NotFound();
        await editor.ShowInlinesAsync(form, cancellationToken);
        Form = form;
        return Page();
    }

    protected async Task<IActionResult> SaveAsync(string? key, CancellationToken cancellationToken)
    {
        var posted = await Request.ReadFormAsync(cancellationToken);
        var result = await editor.SaveAsync(Entity, key, posted, cancellationToken, (child, action) => child.Allows(action, Role));
        if (result.NotFound)
        {
            TempData.Success($"That {Entity.Label} was deleted meanwhile; nothing was saved.");
            return Redirect(Entity.Path);
        }

        if (result.Form is { } form)
        {
            await editor.ShowInlinesAsync(form, cancellationToken);
            Form = form;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var saved = result.SavedKey!;
        var label = await Entity.LabelAsync(Db, saved, cancellationToken) ?? Entity.Label;
        TempData.Success($"The {Entity.Label} “{label}” was {(key is null ? "added" : "changed")}.");
        return posted["_save"].ToString() switch
        {
            "continue" => Redirect(Entity.PathOf(saved, "change")),
            "another" when May(AdminAction.Add) => Redirect(Entity.Path + "add/"),
            _ => Redirect(Entity.Path),
        };
    }

    /// <summary>The address of the autocomplete of a foreign key field.</summary>
    public string AutocompletePath(AdminField field) => $"{Entity.Path}autocomplete/{field.Name}/";
}

/// <summary><c>/admin/{module}/{entity}/add/</c>: a new object.</summary>
public sealed class AddModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor, UserClock clock)
    : AdminFormPageModel(membership, site, tenant, db, editor, clock)
{
    protected override AdminAction Action => AdminAction.Add;

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(null, cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => SaveAsync(null, cancellationToken);
}

/// <summary><c>/admin/{module}/{entity}/{id}/change/</c>: one stored object.</summary>
public sealed class ChangeModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor, UserClock clock)
    : AdminFormPageModel(membership, site, tenant, db, editor, clock)
{
    protected override AdminAction Action => HttpMethods.IsPost(Request.Method) ? AdminAction.Change : AdminAction.View;

    public Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) => ShowAsync(id, cancellationToken);

    public Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken) => SaveAsync(id, cancellationToken);
}
