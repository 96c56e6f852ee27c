using Cairn.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// Base of the task pages: workspace members only (anonymous visitors are sent to log in, others get 403),
/// with the user's <see cref="TaskScope"/> loaded before the handler runs.
/// </summary>
public abstract class TasksPageModel(TaskAccess access) : PageModel
{
    protected virtual bool EnsuresOwnList => false;

    public TaskScope Scope { get; private set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            context.Result = Challenge();
            return;
        }

        var writing = !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method);
        Scope = await access.ScopeAsync(ensureOwnList: EnsuresOwnList && !writing, HttpContext.RequestAborted);
        if (!Scope.CanRead)
        {
            context.Result = Denied();
            return;
        }

        await next();
    }

    protected IActionResult Denied() => StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Where to go back to after a change: a task list address the form carried, or the list itself.</summary>
    protected string BackTo(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith("/tasks", StringComparison.Ordinal) && Url.IsLocalUrl(url) ? url : "/tasks";

    protected void Flash(string message) => TempData.Success(message);
}
