using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Admin;

public sealed class IndexModel(CurrentMembership membership, AdminSite site, ITenantContext tenant) : AdminPageModel(membership)
{
    /// <summary>The registered entities of the modules on in this workspace, by module.</summary>
    public IReadOnlyList<IGrouping<string, AdminRegistration>> Modules { get; private set; } = [];

    public void OnGet() => Modules = [.. site.On(tenant.Current?.Slug).GroupBy(r => r.Module)];
}
