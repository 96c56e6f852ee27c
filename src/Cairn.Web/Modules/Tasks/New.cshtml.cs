using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary><c>/tasks/new</c> (<c>?list=ID</c> picks the list): add a task.</summary>
public sealed class NewModel(TaskAccess access, TaskForm form, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    protected override bool EnsuresOwnList => true;

    [BindProperty]
    public TaskInput Input { get; set; } = new();

    public IReadOnlyList<AssigneeOption> Assignees { get; private set; } = [];

    public TaskFormView View => new(Input, Scope.WritableLists, Assignees, clock.Zone.Id, IsNew: true, "/tasks");

    public async Task<IActionResult> OnGetAsync(int? list, CancellationToken cancellationToken)
    {
        if (!Scope.CanWrite) return Denied();
        Assignees = await form.AssigneesAsync(cancellationToken);
        Input.ListId = list is { } wanted && Scope.CanAddTo(wanted)
            ? wanted
            : (Scope.WritableLists.FirstOrDefault(l => l.OwnerId == Scope.UserId) ?? Scope.WritableLists[0]).Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Scope.CanWrite) return Denied();
        Assignees = await form.AssigneesAsync(cancellationToken);
        if (!ModelState.IsValid) return Page();

        var task = new TaskItem { Title = Input.Title, CreatedById = Scope.UserId!.Value };
        if (!await TryApplyAsync(form, task, Input, Assignees, currentListId: null, cancellationToken)) return Page();

        db.Tasks.Add(task);
        await form.SaveAsync(cancellationToken);
        Flash($"Task “{task.Title}” added.");
        return RedirectToPage("/Tasks/Index");
    }
}
