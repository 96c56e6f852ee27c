using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// <c>POST /tasks/bulk</c>: mark the selected tasks done, move them to a list, or delete them. The list page's
/// script asks once before it posts (<c>confirmed=true</c>); without script this page asks instead.
/// </summary>
public sealed class BulkModel(TaskAccess access, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    public const int MaxTasks = 500;

    [BindProperty] public List<int> Ids { get; set; } = [];
    [BindProperty] public string? Operation { get; set; }
    [BindProperty] public int? Target { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    [BindProperty] public string? ReturnUrl { get; set; }

    public IReadOnlyList<(int Id, string Title)> Selected { get; private set; } = [];
    public string Question { get; private set; } = "";
    public string ButtonText { get; private set; } = "";
    public string Back => BackTo(ReturnUrl);

    public IActionResult OnGet() => RedirectToPage("/Tasks/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Scope.CanEdit) return Denied();
        var back = BackTo(ReturnUrl);
        var ids = Ids.Distinct().Take(MaxTasks).ToList();
        if (ids.Count == 0)
        {
            TempData.Warning("Select at least one task first.");
            return LocalRedirect(back);
        }

        if (Operation is not ("done" or "move" or "delete"))
        {
            TempData.Warning("Choose what to do with the selected tasks.");
            return LocalRedirect(back);
        }

        var targetList = Operation == "move" ? Scope.WritableLists.FirstOrDefault(l => l.Id == Target) : null;
        if (Operation == "move" && targetList is null)
        {
            TempData.Warning("Choose one of your lists to move the tasks to.");
            return LocalRedirect(back);
        }

        var tasks = Scope.Visible(db.Tasks).Where(t => ids.Contains(t.Id));
        var found = await tasks.OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.Title, t.CreatedById, ListOwnerId = t.List!.OwnerId })
            .ToListAsync(cancellationToken);
        if (found.Count == 0) return NotFound();

        var allowed = Operation == "delete" ? found.Where(t => Scope.CanDelete(t.CreatedById, t.ListOwnerId)).ToList() : found;
        var refused = found.Count - allowed.Count;
        var allowedIds = allowed.Select(t => t.Id).ToList();
        if (allowed.Count == 0)
        {
            TempData.Error("You may not delete these tasks: only whoever created a task, the owner of its list, or an admin can.");
            return LocalRedirect(back);
        }

        if (!Confirmed)
        {
            Selected = allowed.Select(t => (t.Id, t.Title)).ToList();
            (Question, ButtonText) = Operation switch
            {
                "done" => ($"Mark {Count(allowed.Count)} done?", "Mark done"),
                "move" => ($"Move {Count(allowed.Count)} to “{targetList!.Name}”?", "Move"),
                _ => ($"Delete {Count(allowed.Count)}? This cannot be undone.", "Delete"),
            };
            ViewData["Title"] = Question;
            return Page();
        }

        var now = clock.UtcNow;
        var chosen = db.Tasks.Where(t => allowedIds.Contains(t.Id));
        // One statement each, so a deadlock's victim (two bulk actions over the same lists' counters) is rolled
        // back whole and run again.
        var changed = await DeadlockRetry.RunAsync(token => Operation switch
        {
            "done" => chosen.Where(t => t.Status == TaskItemStatus.Open).ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, TaskItemStatus.Done).SetProperty(t => t.CompletedAt, now).SetProperty(t => t.UpdatedAt, now), token),
            "move" => chosen.ExecuteUpdateAsync(set => set
                .SetProperty(t => t.ListId, targetList!.Id).SetProperty(t => t.UpdatedAt, now), token),
            _ => chosen.ExecuteDeleteAsync(token),
        }, cancellationToken);

        var message = Operation switch
        {
            "done" => $"{Count(changed)} marked done.",
            "move" => $"{Count(changed)} moved to “{targetList!.Name}”.",
            _ => $"{Count(changed)} deleted.",
        };
        if (refused > 0) message += $" {Count(refused)} you may not delete {(refused == 1 ? "was" : "were")} left alone.";
        TempData.Success(message);
        return LocalRedirect(back);
    }

    public static string Count(int n) => n == 1 ? "1 task" : $"{n} tasks";
}
