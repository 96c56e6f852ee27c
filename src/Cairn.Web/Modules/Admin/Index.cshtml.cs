using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Admin;

public sealed class IndexModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor)
    : AdminPageModel(membership, site, tenant, db)
{
    public const int RecentCount = 10;

    /// <summary>The registered entities of the modules on in this workspace, by module.</summary>
    public IReadOnlyList<IGrouping<string, AdminRegistration>> Modules { get; private set; } = [];

    /// <summary>The workspace's latest admin actions (Django's "Recent actions").</summary>
    public IReadOnlyList<AdminLogEntry> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Modules = [.. Site.On(Workspace).GroupBy(r => r.Module)];
        Recent = await editor.RecentAsync(RecentCount, cancellationToken);
    }

    /// <summary>Where an entry's object is, while its module is on and it was not deleted; else null.</summary>
    public string? PathOf(AdminLogEntry entry) =>
        entry.ObjectKey is { } key && entry.Action != AdminLogAction.Deleted && Site.Find(entry.Module, entry.Entity, Workspace) is { } entity
            ? entity.PathOf(key, "change")
            : null;
}
