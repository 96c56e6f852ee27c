using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// <c>POST /tasks/{id}/toggle</c>: done ⇄ open. A plain form post redirects back with a flash message; a script
/// asking for JSON (<c>Accept: application/json</c>) gets the new state and updates the row in place.
/// </summary>
public sealed class ToggleModel(TaskAccess access, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    public IActionResult OnGet(int id) => RedirectToPage("/Tasks/Show", new { id });

    public async Task<IActionResult> OnPostAsync(int id, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!Scope.CanEdit) return Denied();
        var task = await Scope.Visible(db.Tasks).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null) return NotFound();

        if (task.Status == TaskItemStatus.Done) task.Reopen(clock.UtcNow);
        else task.MarkDone(clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken);

        var done = task.Status == TaskItemStatus.Done;
        if (Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
            return new JsonResult(new { id = task.Id, status = done ? "done" : "open", label = done ? "Mark open" : "Mark done" });

        Flash(done ? $"“{task.Title}” is done." : $"“{task.Title}” is open again.");
        return LocalRedirect(BackTo(returnUrl));
    }
}
