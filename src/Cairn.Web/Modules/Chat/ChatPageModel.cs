using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Chat;

/// <summary>
/// Base of the chat pages: members of the workspace only (visitors are sent to sign in, others get 403). Signing in
/// is asked before anything of the request is read (a stranger's large upload is not even received).
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize]
public abstract class ChatPageModel(ChatAccess access) : PageModel
{
    protected ChatAccess Access => access;

    public Guid Me { get; private set; }

    public bool CanWrite { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.UserId() is not { } me)
        {
            context.Result = Challenge();
            return;
        }

        var role = await access.RoleAsync(me, HttpContext.RequestAborted);
        if (!WorkspacePermissions.CanRead(role))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
            return;
        }

        Me = me;
        CanWrite = WorkspacePermissions.CanWrite(role);
        await next();
    }
}
