using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/lists</c>: the lists this user can see, with open and total counts, and a form to add one.</summary>
public sealed class ListsModel(TaskAccess access, CairnDbContext db) : TasksPageModel(access)
{
    protected override bool EnsuresOwnList => true;

    [BindProperty]
    public ListInput Input { get; set; } = new();

    public IReadOnlyDictionary<int, (int Open, int Total)> Counts { get; private set; } = new Dictionary<int, (int, int)>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadCountsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Scope.CanWrite) return Denied();
        if (!ModelState.IsValid)
        {
            await LoadCountsAsync(cancellationToken);
            return Page();
        }

        var list = new TaskList { Name = Input.Name.Trim(), IsShared = Input.IsShared, OwnerId = Scope.UserId!.Value };
        db.TaskLists.Add(list);
        await db.SaveChangesAsync(cancellationToken);
        Flash($"List “{list.Name}” added.");
        return RedirectToPage("/Tasks/Index", new { list = list.Id });
    }

    private async Task LoadCountsAsync(CancellationToken cancellationToken)
    {
        var ids = Scope.Lists.Select(l => l.Id).ToList();
        var counts = await db.Tasks.Where(t => ids.Contains(t.ListId))
            .GroupBy(t => t.ListId)
            .Select(g => new { ListId = g.Key, Open = g.Count(t => t.Status == TaskItemStatus.Open), Total = g.Count() })
            .ToListAsync(cancellationToken);
        Counts = counts.ToDictionary(c => c.ListId, c => (c.Open, c.Total));
        ViewData["Title"] = "Task lists";
    }
}
