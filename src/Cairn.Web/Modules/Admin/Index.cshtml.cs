using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Admin;

public sealed class IndexModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db, AdminEditor editor)
    : AdminPageModel(membership, site, tenant, db)
{
    public const int RecentCount = 10;

    /// <summary>The registered entities of the modules on in this workspace, by module.</summary>
    public IReadOnlyList<IGrouping<string, AdminRegistration>> Modules { get; private set; } = [];

    /// <summary>The workspace's latest admin actions (Django's "Recent actions"), and the platform's for a platform administrator.</summary>
    public IReadOnlyList<AdminLogRecord> Recent { get; private set; } = [];

    protected override bool OpenToPlatformAdmins => true;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (AdministersWorkspace)
        {
            Modules = [.. Site.On(Workspace).GroupBy(r => r.Module)];
            Recent = await editor.RecentAsync(RecentCount, cancellationToken);
        }

        if (AdministersPlatform)
        {
            Modules = [.. Modules, .. Site.Platform.GroupBy(r => r.Module)];
            Recent = [.. Recent, .. await editor.RecentOnThePlatformAsync(RecentCount, cancellationToken)];
            Recent = [.. Recent.OrderByDescending(e => e.At).Take(RecentCount)];
        }
    }

    /// <summary>Where an entry's object is, while its module is on and it was not deleted; else null.</summary>
    public string? PathOf(AdminLogRecord entry) =>
        entry.ObjectKey is { } key && entry.Action != AdminLogAction.Deleted && Site.Find(entry.Module, entry.Entity, Workspace) is { } entity
            ? entity.PathOf(key, "change")
            : null;
}
