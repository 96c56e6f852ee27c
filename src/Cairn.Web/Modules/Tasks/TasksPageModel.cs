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

    /// <summary>Reads and applies the task form; false, with the messages beside the fields, when it cannot.</summary>
    protected async Task<bool> TryApplyAsync(TaskForm form, TaskItem task, TaskInput input, IReadOnlyList<AssigneeOption> assignees, int? currentListId, CancellationToken cancellationToken)
    {
        var (values, error) = form.Read(input);
        var errors = values is null ? [error!.Value] : await form.ApplyAsync(task, values, Scope, assignees, cancellationToken, currentListId);
        foreach (var (field, message) in errors)
            ModelState.AddModelError($"Input.{(field == nameof(TaskValues.DueAt) ? nameof(TaskInput.Due) : field)}", message);
        return errors.Count == 0;
    }
}
