using Cairn.Web.Platform.Accounts;
using System.Security.Claims;
using Cairn.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

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
