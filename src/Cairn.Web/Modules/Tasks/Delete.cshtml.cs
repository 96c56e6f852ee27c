using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/{id}/delete</c>: asks, then deletes (its creator, its list's owner, or an Admin).</summary>
public sealed class DeleteModel(TaskAccess access, CairnDbContext db) : TasksPageModel(access)
{
    public int Id { get; private set; }
    public string Title { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await CheckAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await CheckAsync(id, cancellationToken) is { } refused) return refused;
        await db.Tasks.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        Flash($"Task “{Title}” deleted.");
        return RedirectToPage("/Tasks/Index");
    }

    private async Task<IActionResult?> CheckAsync(int id, CancellationToken cancellationToken)
    {
        var task = await Scope.Visible(db.Tasks).Where(t => t.Id == id)
            .Select(t => new { t.Title, t.CreatedById, ListOwnerId = t.List!.OwnerId })
            .FirstOrDefaultAsync(cancellationToken);
        if (task is null) return NotFound();
        if (!Scope.CanDelete(task.CreatedById, task.ListOwnerId)) return Denied();
        Id = id;
        Title = task.Title;
        ViewData["Title"] = $"Delete {task.Title}";
        return null;
    }
}
