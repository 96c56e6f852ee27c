using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/{module}/{entity}/autocomplete/{field}/?q=</c>: up to twenty suggestions for a foreign key field,
/// searched on the server in this workspace only, as JSON (<c>[{ key, label }]</c>).
/// </summary>
public sealed class AutocompleteModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db)
    : AdminPageModel(membership, site, tenant, db)
{
    public async Task<IActionResult> OnGetAsync(string field, string? q, CancellationToken cancellationToken)
    {
        if (Entity.Fields.FirstOrDefault(f => f.Name.Equals(field, StringComparison.OrdinalIgnoreCase) && f.Lookup is not null) is not { Lookup: { } lookup })
            return NotFound();
        return new JsonResult(await lookup.SuggestAsync(Db, q, cancellationToken));
    }
}
