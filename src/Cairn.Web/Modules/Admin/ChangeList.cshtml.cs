using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// A registered entity's change list: its columns, a search over its search fields, newest first, fifty rows a
/// page with keyset paging (<c>?after=</c> the last key shown, so a deep page costs what the first costs).
/// </summary>
public sealed class ChangeListModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminBulkActions bulk, UserClock clock)
    : AdminPageModel(membership, site, tenant, db)
{
    /// <summary>The column sorted by (<c>?o=2</c>, <c>?o=-2</c>), as asked.</summary>
    public string? Sort { get; private set; }

    public const int ConfirmNamed = 10;

    /// <summary>A bulk action waiting for its confirmation (a delete): what, over how many, the first few named.</summary>
    public (AdminActionInfo Action, int Count, IReadOnlyList<LookupOption> First, AdminSelection Selection)? Confirming { get; private set; }

    /// <summary>The bulk actions the reader's role allows.</summary>
    public IReadOnlyList<AdminActionInfo> Actions => [.. Entity.Actions.Where(a => May(a.Needs))];

    /// <summary>
    /// A bulk action over the rows ticked (<c>selected</c>) or, with <c>all=true</c>, over every row matching the
    /// search and filters sent with it. A delete asks first. Up to <see cref="AdminBulkActions.InlineLimit"/>
    /// rows it runs now; more run as a background job, and the reader is sent to its progress page.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(string? action, string[]? selected, bool all, bool confirmed, CancellationToken cancellationToken)
    {
        ReadQuery(Request.Form);
        var back = PathWith(Filters, after: null);
        if (Entity.Actions.FirstOrDefault(a => a.Name == action) is not { } chosen)
        {
            TempData.Warning("Choose an action first.");
            return Redirect(back);
        }

        if (!May(chosen.Needs)) return StatusCode(StatusCodes.Status403Forbidden);
        var selection = new AdminSelection(Search, Filters, all ? null : [.. (selected ?? []).Where(k => k.Length is > 0 and <= 64).Distinct().Take(AdminSelection.MaxKeys)],
            clock.Zone.Id, clock.UtcNow);
        if (selection.Keys is { Count: 0 })
        {
            TempData.Warning($"Tick the {Entity.PluralLabel} to act on, or choose all that match.");
            return Redirect(back);
        }

        var count = await Entity.CountAsync(Db, selection, cancellationToken);
        if (count == 0)
        {
            TempData.Warning($"No {Entity.PluralLabel} match any more; nothing was done.");
            return Redirect(back);
        }

        if (chosen.Name == AdminActionInfo.Delete && !confirmed)
        {
            Confirming = (chosen, count, await Entity.FirstSelectedAsync(Db, selection, ConfirmNamed, cancellationToken), selection);
            return Page();
        }

        var (userId, userName) = (User.UserId()!.Value, User.DisplayNameOf());
        // The platform's own rows have no workspace to run a job in: they run now, in batches all the same.
        if (count > AdminBulkActions.InlineLimit && !Entity.IsPlatform)
        {
            var job = await bulk.QueueAsync(Entity, selection, chosen, userId, userName, count, cancellationToken);
            return Redirect($"/admin/jobs/{job}/");
        }

        var affected = await bulk.RunNowAsync(Entity, selection, chosen, userId, userName, count, cancellationToken);
        TempData.Success($"{chosen.Label}: {affected:N0} {(affected == 1 ? Entity.Label : Entity.PluralLabel)} done.");
        return Redirect(back);
    }

    public ChangeListPage Listing { get; private set; } = null!;

    public string? Search { get; private set; }

    /// <summary>The reader's saved views of this list, by name.</summary>
    public IReadOnlyList<AdminSavedView> SavedViews { get; private set; } = [];

    /// <summary>The saved view this page shows, when its address is one.</summary>
    public AdminSavedView? CurrentView => SavedViews.FirstOrDefault(v => v.Query == CurrentQuery);

    // The list's query string as a saved view keeps it: search, filters and order, without the page.
    private string CurrentQuery => PathWith(Filters, after: null) is var path && path.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? path[(at + 1)..] : "";

    /// <summary>Saves the list's search, filters and order under a name, for the reader only (a name used again replaces its view).</summary>
    public async Task<IActionResult> OnPostSaveViewAsync(string? name, CancellationToken cancellationToken)
    {
        ReadQuery(Request.Form);
        var back = PathWith(Filters, after: null);
        name = name?.Trim();
        if (Workspace is null) return NotFound();
        if (string.IsNullOrEmpty(name) || name.Length > AdminSavedView.MaxNameLength)
        {
            TempData.Warning($"Give the view a name of at most {AdminSavedView.MaxNameLength} characters.");
            return Redirect(back);
        }

        var query = CurrentQuery;
        if (query.Length > AdminSavedView.MaxQueryLength)
        {
            TempData.Warning("This view's filters are too long to save.");
            return Redirect(back);
        }

        var userId = User.UserId()!.Value;
        var mine = Db.Set<AdminSavedView>().Where(v => v.UserId == userId && v.Module == Entity.Module && v.Entity == Entity.UrlName);
        if (await mine.FirstOrDefaultAsync(v => v.Name == name, cancellationToken) is { } existing) existing.Query = query;
        else if (await mine.CountAsync(cancellationToken) >= AdminSavedView.MaxPerList)
        {
            TempData.Warning($"You keep {AdminSavedView.MaxPerList} views of this list already; delete one first.");
            return Redirect(back);
        }
        else Db.Add(new AdminSavedView { UserId = userId, Module = Entity.Module, Entity = Entity.UrlName, Name = name, Query = query, CreatedAt = clock.UtcNow });
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolations.Is(e))
        {
            // The same name saved twice at once: the other save kept it.
        }

        TempData.Success($"View “{name}” saved.");
        return Redirect(back);
    }

    /// <summary>Deletes one of the reader's saved views of this list.</summary>
    public async Task<IActionResult> OnPostDeleteViewAsync(int view, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        var deleted = await Db.Set<AdminSavedView>().Where(v => v.Id == view && v.UserId == userId && v.Module == Entity.Module && v.Entity == Entity.UrlName)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) TempData.Success("View deleted.");
        return Redirect(Entity.Path);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var reader = User.UserId()!.Value;
        // Saved views belong to a workspace: a platform page on a host without one has none.
        if (Workspace is not null)
            SavedViews = await Db.Set<AdminSavedView>().AsNoTracking()
                .Where(v => v.UserId == reader && v.Module == Entity.Module && v.Entity == Entity.UrlName)
                .OrderBy(v => v.Name).ToListAsync(cancellationToken);
        // A malformed ?after= starts at the top rather than failing (the registration reads it as a key or not at all).
        var after = Request.Query["after"].ToString() is { Length: > 0 and <= 64 } key ? key : null;
        ReadQuery(Request.Query);
        Listing = await Entity.ListAsync(Db, new ChangeListRequest(Search, after, Filters, Sort: Sort, TimeZone: clock.Zone.Id, Now: clock.UtcNow), cancellationToken);
        Sort = Listing.Sort?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Only the values that were understood stay in the addresses this page writes.
        Filters = Listing.Facets.SelectMany(f => f.Values.Where(v => v.Selected).Select(v => (f.Key, v.Value))).ToDictionary(f => f.Key, f => f.Value);
        return Page();
    }

    // The search and the filters, from the address (a list) or from the form (a bulk action sends them along).
    private void ReadQuery(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var all = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.Ordinal);
        var search = all.GetValueOrDefault("q")?.Trim();
        Search = search is { Length: > 0 } ? search[..Math.Min(search.Length, ChangeListRequest.MaxSearchLength)] : null;
        Sort = all.GetValueOrDefault("o") is { Length: > 0 and <= 4 } o ? o : null;
        // A date range comes from two inputs (status_from, status_to) and travels as one value: from..to.
        Filters = Entity.FilterKeys
            .Select(key => (key, value: all.GetValueOrDefault(key) is { Length: > 0 } v ? v : RangeOf(all.GetValueOrDefault(key + "_from"), all.GetValueOrDefault(key + "_to"))))
            .Where(f => f.value.Length is > 0 and <= 100)
            .ToDictionary(f => f.key, f => f.value);
    }

    private static string RangeOf(string? from, string? to) => (from ?? "").Trim() is var f && (to ?? "").Trim() is var t && (f + t).Length > 0 ? $"{f}..{t}" : "";

    /// <summary>The address of this list's CSV export, with its search and filters.</summary>
    public string ExportPath => PathWith(Filters, after: null).Replace(Entity.Path, Entity.Path + "export.csv", StringComparison.Ordinal);

    /// <summary>The chosen filter values, by query key.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; private set; } = new Dictionary<string, string>();

    /// <summary>The address of the page after this one, keeping the search, the filters and the order.</summary>
    public string NextPath(string after) => PathWith(Filters, after);

    /// <summary>The first page sorted by column <paramref name="column"/> (1-based): ascending, or descending when it is already ascending.</summary>
    public string SortPath(int column)
    {
        var sorted = Sort;
        Sort = Listing.Sort == column ? (-column).ToString(System.Globalization.CultureInfo.InvariantCulture) : column.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = PathWith(Filters, after: null);
        Sort = sorted;
        return path;
    }

    /// <summary>The first page with filter <paramref name="key"/> set to <paramref name="value"/> (null: not filtered), the rest kept.</summary>
    public string FilterPath(string key, string? value)
    {
        var filters = Filters.Where(f => f.Key != key).ToDictionary(f => f.Key, f => f.Value);
        if (value is not null) filters[key] = value;
        return PathWith(filters, after: null);
    }

    public string PathWith(IReadOnlyDictionary<string, string> filters, string? after)
    {
        var query = new List<string>();
        if (Search is not null) query.Add("q=" + Uri.EscapeDataString(Search));
        query.AddRange(filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        if (Sort is not null) query.Add("o=" + Uri.EscapeDataString(Sort));
        if (after is { } key) query.Add("after=" + Uri.EscapeDataString(key));
        return query.Count == 0 ? Entity.Path : $"{Entity.Path}?{string.Join('&', query)}";
    }
}
