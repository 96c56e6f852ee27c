using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/{id}</c>: one task with its notes. Tasks the user may not see are 404, not 403.</summary>
public sealed class ShowModel(TaskAccess access, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    public TaskItem Item { get; private set; } = null!;
    public UserClock Clock => clock;
    public bool CanDelete { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var task = await Scope.Visible(db.Tasks)
            .Include(t => t.List!.Owner).Include(t => t.Tags).Include(t => t.Assignee).Include(t => t.CreatedBy)
            .AsNoTracking().AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null) return NotFound();
        Item = task;
        CanDelete = Scope.CanDelete(task.CreatedById, task.List!.OwnerId);
        ViewData["Title"] = task.Title;
        return Page();
    }

    public string Local(DateTime utc) => clock.ToLocal(utc).ToString("dddd d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
