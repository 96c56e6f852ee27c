using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/lists/{id}/edit</c>: rename, share or unshare, or delete a list (its owner or an Admin).</summary>
public sealed class ListEditModel(TaskAccess access, CairnDbContext db) : TasksPageModel(access)
{
    [BindProperty]
    public ListInput Input { get; set; } = new();

    public TaskListOption List { get; private set; } = null!;
    public int TaskCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (Check(id) is { } refused) return refused;
        Input = new ListInput { Name = List.Name, IsShared = List.IsShared };
        TaskCount = await db.Tasks.CountAsync(t => t.ListId == id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (Check(id) is { } refused) return refused;
        if (!ModelState.IsValid)
        {
            TaskCount = await db.Tasks.CountAsync(t => t.ListId == id, cancellationToken);
            return Page();
        }

        await db.TaskLists.Where(l => l.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.Name, Input.Name.Trim()).SetProperty(l => l.IsShared, Input.IsShared), cancellationToken);
        Flash($"List “{Input.Name.Trim()}” saved.");
        return RedirectToPage("/Tasks/Lists");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, bool confirmed, CancellationToken cancellationToken)
    {
        if (Check(id) is { } refused) return refused;
        if (!confirmed)
        {
            TempData.Warning("Tick the box to confirm that the list and its tasks should go.");
            return RedirectToPage("/Tasks/ListEdit", new { id });
        }

        await db.TaskLists.Where(l => l.Id == id).ExecuteDeleteAsync(cancellationToken);
        Flash($"List “{List.Name}” and its tasks deleted.");
        return RedirectToPage("/Tasks/Lists");
    }

    private IActionResult? Check(int id)
    {
        if (Scope.Lists.FirstOrDefault(l => l.Id == id) is not { } list) return NotFound();
        if (!Scope.CanManage(list)) return Denied();
        List = list;
        ViewData["Title"] = $"Edit {list.Name}";
        return null;
    }
}
