using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Cairn.Web.Platform.Tenancy;

/// <summary>Policy names for workspace roles; a policy admits its role and every more privileged one.</summary>
public static class Policies
{
    public const string WorkspaceViewer = "Workspace.Viewer";
    public const string WorkspaceMember = "Workspace.Member";
    public const string WorkspaceAdmin = "Workspace.Admin";
    public const string WorkspaceOwner = "Workspace.Owner";

    public static void AddWorkspacePolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(WorkspaceViewer, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Viewer)));
        options.AddPolicy(WorkspaceMember, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Member)));
        options.AddPolicy(WorkspaceAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Admin)));
        options.AddPolicy(WorkspaceOwner, p => p.RequireAuthenticatedUser().AddRequirements(new WorkspaceRoleRequirement(WorkspaceRole.Owner)));
    }
}

public sealed record WorkspaceRoleRequirement(WorkspaceRole Minimum) : IAuthorizationRequirement;

/// <summary>The signed-in user's role in the current workspace, looked up once per request.</summary>
public sealed class CurrentMembership(CairnDbContext db, ITenantContext tenant, IHttpContextAccessor accessor)
{
    private bool _loaded;
    private WorkspaceRole? _role;

    public async Task<WorkspaceRole?> RoleAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded) return _role;
        _loaded = true;
        var user = accessor.HttpContext?.User;
        if (tenant.Current is null || user?.Identity?.IsAuthenticated != true) return null;
        if (user.UserId() is not { } userId) return null;

        _role = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Select(m => (WorkspaceRole?)m.Role)
            .FirstOrDefaultAsync(cancellationToken);
        return _role;
    }
}

internal sealed class WorkspaceRoleHandler(CurrentMembership membership) : AuthorizationHandler<WorkspaceRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRoleRequirement requirement)
    {
        if (await membership.RoleAsync() is { } role && role.AtLeast(requirement.Minimum)) context.Succeed(requirement);
    }
}

/// <summary>
/// The object-level rules every module shares (DRF's custom permissions), written once: what a workspace role may
/// do, and who may change a thing someone owns. Modules phrase their own rules with these (BlogAccess, TaskAccess).
/// </summary>
public static class WorkspacePermissions
{
    /// <summary>Read the workspace's shared content: every member, Viewers included.</summary>
    public static bool CanRead(WorkspaceRole? role) => role is not null;

    /// <summary>Create content: Members, Admins and Owners.</summary>
    public static bool CanWrite(WorkspaceRole? role) => role is { } r && r.AtLeast(WorkspaceRole.Member);

    /// <summary>Manage anything in the workspace: Admins and Owners.</summary>
    public static bool IsAdmin(WorkspaceRole? role) => role is { } r && r.AtLeast(WorkspaceRole.Admin);

    /// <summary>Change or delete something: an Admin, or one of its owners while still allowed to write here.</summary>
    public static bool CanModify(WorkspaceRole? role, Guid? user, params ReadOnlySpan<Guid> owners)
    {
        if (IsAdmin(role)) return true;
        if (!CanWrite(role) || user is not { } me) return false;
        foreach (var owner in owners)
            if (owner == me) return true;
        return false;
    }
}
