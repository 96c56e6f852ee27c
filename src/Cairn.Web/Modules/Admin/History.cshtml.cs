using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// <c>/admin/{module}/{entity}/{id}/history/</c>: every admin action on one object, newest first, each change
/// with its fields' old and new values; a change can be reverted (when its fields still hold what it set).
/// Kept after the object is deleted.
/// </summary>
public sealed class HistoryModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor, UserClock clock)
    : AdminPageModel(membership, site, tenant, db)
{
    protected override AdminAction Action => HttpMethods.IsPost(Request.Method) ? AdminAction.Change : AdminAction.View;

    public string Key { get; private set; } = "";

    public string Label { get; private set; } = "";

    public bool Exists { get; private set; }

    public IReadOnlyList<AdminLogRecord> Entries { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Key = id;
        Entries = await editor.HistoryAsync(Entity, id, cancellationToken);
        var label = await Entity.LabelAsync(Db, id, cancellationToken);
        Exists = label is not null;
        if (!Exists && Entries.Count == 0) return NotFound();
        Label = label ?? Entries[0].ObjectLabel;
        return Page();
    }

    public async Task<IActionResult> OnPostRevertAsync(string id, long entry, CancellationToken cancellationToken)
    {
        var (reverted, problems) = await editor.RevertAsync(Entity, id, entry, cancellationToken);
        if (reverted)
        {
            TempData.Success("The change was reverted.");
            return Redirect(Entity.PathOf(id, "history"));
        }

        var page = await OnGetAsync(id, cancellationToken);
        Problems = problems;
        if (page is Microsoft.AspNetCore.Mvc.RazorPages.PageResult) Response.StatusCode = StatusCodes.Status409Conflict;
        return page;
    }

    /// <summary>A stored value as the page shows it, read with the field it belongs to (or as stored, for a field since removed).</summary>
    public string Show(AdminFieldChange change, string stored) =>
        Entity.Fields.FirstOrDefault(f => f.Name == change.Field) is { } field ? field.Show(stored, clock) : stored.Length == 0 ? "—" : stored;

    public string When(DateTime at) => clock.ToLocal(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
