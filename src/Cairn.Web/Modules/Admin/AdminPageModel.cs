using Cairn.Web.Platform.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// Base of the admin pages: Owners and Admins of the workspace only. Anonymous visitors are sent to log in and
/// come back; Members, Viewers and people from elsewhere get 403. An entity's pages also check the action
/// (<see cref="AdminAction"/>) against the role the registration asks for it.
/// </summary>
public abstract class AdminPageModel(CurrentMembership membership, AdminSite site, ITenantContext tenant, CairnDbContext db) : PageModel
{
    protected CairnDbContext Db => db;

    /// <summary>The reader's role in the workspace (Owner or Admin once the page runs).</summary>
    public WorkspaceRole? Role { get; private set; }

    /// <summary>The entity of the address, when the page is an entity's.</summary>
    public AdminRegistration Entity { get; private set; } = null!;

    protected AdminSite Site => site;

    protected string? Workspace => tenant.Current?.Slug;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            context.Result = Challenge();
            return;
        }

        Role = await membership.RoleAsync(HttpContext.RequestAborted);
        if (!WorkspacePermissions.IsAdmin(Role))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }

        site.Prepare(db.Model);
        if (RouteData.Values.TryGetValue("module", out var module) && RouteData.Values.TryGetValue("entity", out var entity))
        {
            if (site.Find(module?.ToString() ?? "", entity?.ToString() ?? "", tenant.Current?.Slug) is not { } found)
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
        }

        await next();
    }

    /// <summary>What the page does with its entity, for the permission check.</summary>
    protected virtual AdminAction Action => AdminAction.View;

    /// <summary>Whether the reader may do <paramref name="action"/> with this page's entity (to offer its buttons).</summary>
    public bool May(AdminAction action) => Entity.Allows(action, Role);
}
