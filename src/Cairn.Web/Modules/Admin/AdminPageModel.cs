using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Admin;

/// <summary>
/// Base of the admin pages: Owners and Admins of the workspace only. Anonymous visitors are sent to log in and
/// come back; Members, Viewers and people from elsewhere get 403.
/// </summary>
public abstract class AdminPageModel(CurrentMembership membership) : PageModel
{
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            context.Result = Challenge();
            return;
        }

        if (!WorkspacePermissions.IsAdmin(await membership.RoleAsync(HttpContext.RequestAborted)))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }
}
