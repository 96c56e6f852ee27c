using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/{id}/edit</c>: change any field of a task the user can see (writers only).</summary>
public sealed class EditModel(TaskAccess access, TaskForm form, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    [BindProperty]
    public TaskInput Input { get; set; } = new();

    public int Id { get; private set; }
    public IReadOnlyList<AssigneeOption> Assignees { get; private set; } = [];

    /// <summary>The lists the task can go to, with the one it is in even when the editor could not add to it.</summary>
    public IReadOnlyList<TaskListOption> Lists { get; private set; } = [];

    public TaskFormView View => new(Input, Lists, Assignees, clock.Zone.Id, IsNew: false, $"/tasks/{Id}");

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var task = await LoadAsync(id, cancellationToken);
        if (task is null) return NotFound();
        if (!Scope.CanEdit) return Denied();
        Assignees = await form.AssigneesAsync(cancellationToken);
        Input = new TaskInput
        {
            Title = task.Title,
            Notes = task.Notes,
            Due = form.DueValue(task.DueAt),
            Priority = task.Priority,
            ListId = task.ListId,
            AssigneeId = task.AssigneeId,
            Tags = string.Join(", ", task.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)),
            Done = task.Status == TaskItemStatus.Done,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var task = await LoadAsync(id, cancellationToken);
        if (task is null) return NotFound();
        if (!Scope.CanEdit) return Denied();
        Assignees = await form.AssigneesAsync(cancellationToken);
        if (!ModelState.IsValid) return Page();

        // A task may stay in a list the editor could not add to (someone's private list), but not move into one.
        if (!await TryApplyAsync(form, task, Input, Assignees, currentListId: task.ListId, cancellationToken)) return Page();

        await form.SaveAsync(cancellationToken);
        Flash($"Task “{task.Title}” saved.");
        return RedirectToPage("/Tasks/Show", new { id = task.Id });
    }

    private async Task<TaskItem?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Id = id;
        var task = await Scope.Visible(db.Tasks).Include(t => t.Tags).Include(t => t.List!.Owner)
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task?.List is { } current && Scope.WritableLists.All(l => l.Id != current.Id))
            Lists = [.. Scope.WritableLists, new TaskListOption(current.Id, current.Name, current.IsShared, current.OwnerId, current.Owner?.DisplayName ?? "")];
        else
            Lists = Scope.WritableLists;
        return task;
    }
}
