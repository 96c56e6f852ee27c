using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// Base of the admin pages: Owners and Admins of the workspace; for the platform's entities
/// (<c>/admin/platform/…</c>), platform administrators, whose pages run across workspaces. Anonymous visitors
/// are sent to log in and come back; anyone else gets 403. An entity's pages also check the action
/// (<see cref="AdminAction"/>) against the role the registration asks for it.
/// </summary>
public abstract class AdminPageModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db) : PageModel
{
    protected CairnDbContext Db => db;

    /// <summary>The reader's role in the workspace; for a platform administrator on a platform page, Owner.</summary>
    public WorkspaceRole? Role { get; private set; }

    /// <summary>The entity of the address, when the page is an entity's.</summary>
    public AdminRegistration Entity { get; private set; } = null!;

    protected AdminSite Site => site;

    protected string? Workspace => tenant.Current?.Slug;

    /// <summary>Whether the reader administers this workspace (an Owner or Admin of it).</summary>
    public bool AdministersWorkspace { get; private set; }

    /// <summary>Whether the reader is a platform administrator.</summary>
    public bool AdministersPlatform => User.IsPlatformAdmin();

    /// <summary>Whether a platform administrator who is no Owner or Admin here may still see the page (the index does).</summary>
    protected virtual bool OpenToPlatformAdmins => false;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            context.Result = Challenge();
            return;
        }

        Role = tenant.Current is null ? null : await membership.RoleAsync(HttpContext.RequestAborted);
        AdministersWorkspace = WorkspacePermissions.IsAdmin(Role);
        site.Prepare(db.Model);
        if (RouteData.Values.TryGetValue("module", out var module) && RouteData.Values.TryGetValue("entity", out var entity))
        {
            var found = site.Find(module?.ToString() ?? "", entity?.ToString() ?? "", Workspace);
            if (found is { IsPlatform: true })
            {
                // The platform's rows are the platform administrators', whatever their role here.
                if (!AdministersPlatform)
                {
                    context.Result = StatusCode(StatusCodes.Status403Forbidden);
                    return;
                }

                Role = WorkspaceRole.Owner;
            }
            else if (!AdministersWorkspace)
            {
                context.Result = StatusCode(StatusCodes.Status403Forbidden);
                return;
            }

            if (found is null)
            {
                context.Result = NotFound();
                return;
            }

            Entity = found;
            if (!found.Allows(Action, Role))
            {
                context.Result = StatusCode(StatusCodes.Status403Forbidden);
                return;
            }

            using (found.OpenScope(db)) await next();
            return;
        }
        else if (!AdministersWorkspace && !(OpenToPlatformAdmins && AdministersPlatform))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }

    /// <summary>What the page does with its entity, for the permission check.</summary>
    protected virtual AdminAction Action => AdminAction.View;

    /// <summary>Whether the reader may do <paramref name="action"/> with this page's entity (to offer its buttons).</summary>
    public bool May(AdminAction action) => Entity.Allows(action, Role);
}
