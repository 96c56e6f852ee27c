using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Shared;

public sealed record NavigationModel(
    TenantInfo? Workspace,
    WorkspaceRole? Role,
    string? DisplayName,
    string? AvatarUrl,
    IReadOnlyList<(UserWorkspace Workspace, string Url)> Workspaces);

/// <summary>The top navigation: the workspace, the user's other workspaces (each on its own host), the account menu.</summary>
public sealed class NavigationViewComponent(
    ITenantContext tenant, CurrentMembership membership, WorkspaceService workspaces, WorkspaceLinks links) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = HttpContext.User;
        if (user.UserId() is not { } userId)
            return View(new NavigationModel(tenant.Current, null, null, null, []));

        var mine = await workspaces.ForUserAsync(userId, HttpContext.RequestAborted);
        return View(new NavigationModel(
            tenant.Current,
            await membership.RoleAsync(HttpContext.RequestAborted),
            user.DisplayNameOf(),
            user.FindFirst(CairnClaims.Avatar)?.Value,
            mine.Select(w => (w, links.HomeOf(w.Slug))).ToList()));
    }
}
