using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Shared;

public sealed record NavigationModel(
    TenantInfo? Workspace,
    WorkspaceRole? Role,
    string? DisplayName,
    string? AvatarUrl,
    IReadOnlyList<(UserWorkspace Workspace, string Url)> Workspaces)
{
    /// <summary>The modules' entries this visitor sees here, in order.</summary>
    public IReadOnlyList<NavigationEntry> Entries { get; init; } = [];

    /// <summary>The modules' view components shown beside the account (a bell), for this visitor here.</summary>
    public IReadOnlyList<string> HeaderComponents { get; init; } = [];
}

/// <summary>The top navigation: the workspace, the user's other workspaces (each on its own host), the account menu.</summary>
public sealed class NavigationViewComponent(
    ITenantContext tenant, CurrentMembership membership, WorkspaceService workspaces, WorkspaceLinks links, ModuleCatalog modules) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        if (user.UserId() is not { } userId)
            return View(new NavigationModel(tenant.Current, null, null, null, []) { Entries = EntriesFor(null) });

        var mine = await workspaces.ForUserAsync(userId, HttpContext.RequestAborted);
        var role = await membership.RoleAsync(HttpContext.RequestAborted);
        return View(new NavigationModel(
            tenant.Current,
            role,
            user.DisplayNameOf(),
            user.FindFirst(CairnClaims.Avatar)?.Value,
            mine.Select(w => (w, links.HomeOf(w.Slug))).ToList()) { Entries = EntriesFor(role), HeaderComponents = HeaderComponentsFor(role) });
    }

    private List<string> HeaderComponentsFor(WorkspaceRole? role) =>
        modules.On(tenant.Current?.Slug).SelectMany(m => m.HeaderComponents).Where(c => Sees(c.Audience, role)).Select(c => c.ViewComponent).ToList();

    private static bool Sees(NavigationAudience audience, WorkspaceRole? role) => audience switch
    {
        NavigationAudience.Everyone => true,
        NavigationAudience.Members => role is not null,
        _ => WorkspacePermissions.IsAdmin(role),
    };

    // What each module declared, for the modules that are on in this workspace.
    private List<NavigationEntry> EntriesFor(WorkspaceRole? role) =>
        modules.On(tenant.Current?.Slug).SelectMany(m => m.NavigationEntries)
            .Where(e => Sees(e.Audience, role))
            .OrderBy(e => e.Order).ToList();
}
