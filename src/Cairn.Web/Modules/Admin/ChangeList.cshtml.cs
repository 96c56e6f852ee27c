using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// A registered entity's change list: its columns, a search over its search fields, newest first, fifty rows a
/// page with keyset paging (<c>?after=</c> the last key shown, so a deep page costs what the first costs).
/// </summary>
public sealed class ChangeListModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db) : AdminPageModel(membership)
{
    public AdminRegistration Entity { get; private set; } = null!;

    public ChangeListPage Listing { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public async Task<IActionResult> OnGetAsync(string module, string entity, CancellationToken cancellationToken)
    {
        if (site.Find(module, entity, tenant.Current?.Slug) is not { } found) return NotFound();
        Entity = found;
        // A malformed ?after= starts at the top rather than failing.
        var after = int.TryParse(Request.Query["after"], out var key) && key > 0 ? key : (int?)null;
        Search = Search?.Trim() is { Length: > 0 } words ? words[..Math.Min(words.Length, ChangeListRequest.MaxSearchLength)] : null;
        Listing = await found.ListAsync(db, new ChangeListRequest(Search, after), cancellationToken);
        return Page();
    }

    /// <summary>The address of the page after this one, keeping the search.</summary>
    public string NextPath(int after) =>
        $"{Entity.Path}?{(Search is null ? "" : $"q={Uri.EscapeDataString(Search)}&")}after={after.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
