using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// A registered entity's change list: its columns, a search over its search fields, newest first, fifty rows a
/// page with keyset paging (<c>?after=</c> the last key shown, so a deep page costs what the first costs).
/// </summary>
public sealed class ChangeListModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db)
    : AdminPageModel(membership, site, tenant, db)
{
    public ChangeListPage Listing { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A malformed ?after= starts at the top rather than failing.
        var after = int.TryParse(Request.Query["after"], out var key) && key > 0 ? key : (int?)null;
        Search = Search?.Trim() is { Length: > 0 } words ? words[..Math.Min(words.Length, ChangeListRequest.MaxSearchLength)] : null;
        Filters = Entity.FilterKeys
            .Select(key => (key, value: Request.Query[key].ToString()))
            .Where(f => f.value.Length is > 0 and <= 100)
            .ToDictionary(f => f.key, f => f.value);
        Listing = await Entity.ListAsync(Db, new ChangeListRequest(Search, after, Filters), cancellationToken);
        // Only the values that were understood stay in the addresses this page writes.
        Filters = Listing.Facets.SelectMany(f => f.Values.Where(v => v.Selected).Select(v => (f.Key, v.Value))).ToDictionary(f => f.Key, f => f.Value);
        return Page();
    }

    /// <summary>The chosen filter values, by query key.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; private set; } = new Dictionary<string, string>();

    /// <summary>The address of the page after this one, keeping the search and the filters.</summary>
    public string NextPath(int after) => PathWith(Filters, after);

    /// <summary>The first page with filter <paramref name="key"/> set to <paramref name="value"/> (null: not filtered), the rest kept.</summary>
    public string FilterPath(string key, string? value)
    {
        var filters = Filters.Where(f => f.Key != key).ToDictionary(f => f.Key, f => f.Value);
        if (value is not null) filters[key] = value;
        return PathWith(filters, after: null);
    }

    private string PathWith(IReadOnlyDictionary<string, string> filters, int? after)
    {
        var query = new List<string>();
        if (Search is not null) query.Add("q=" + Uri.EscapeDataString(Search));
        query.AddRange(filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        if (after is { } key) query.Add("after=" + key.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return query.Count == 0 ? Entity.Path : $"{Entity.Path}?{string.Join('&', query)}";
    }
}
