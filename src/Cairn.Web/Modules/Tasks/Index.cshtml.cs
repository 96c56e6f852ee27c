using Microsoft.AspNetCore.Mvc;

namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// <c>/tasks</c>: the tasks this user may see, searched, filtered and sorted by the query string (see
/// <see cref="TaskFilter"/>), with counts per status and priority, a done toggle per row and bulk actions.
/// </summary>
public sealed class IndexModel(TaskAccess access, TaskQueries queries, TaskForm form, CairnDbContext db, UserClock clock) : TasksPageModel(access)
{
    protected override bool EnsuresOwnList => true;

    public TaskFilter Filter { get; private set; } = new();
    public TaskPage Tasks { get; private set; } = null!;
    public IReadOnlyList<AssigneeOption> Assignees { get; private set; } = [];
    public IReadOnlyList<string> TagNames { get; private set; } = [];
    public UserClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = TaskFilter.Parse(Request.Query);
        Assignees = await form.AssigneesAsync(cancellationToken);
        TagNames = await db.TaskTags.OrderBy(t => t.Name).Select(t => t.Name).Take(200).ToListAsync(cancellationToken);

        var ignored = Filter.Ignored.ToList();
        if (Filter.ListId is { } listId && Scope.Lists.All(l => l.Id != listId))
        {
            ignored.Add("list");
            Filter = Filter with { ListId = null };
        }

        Guid? assigneeId = null;
        switch (Filter.Assignee)
        {
            case null:
            case "none":
                break;
            case "me":
                assigneeId = Scope.UserId;
                break;
            default:
                if (Assignees.FirstOrDefault(a => string.Equals(a.UserName, Filter.Assignee, StringComparison.OrdinalIgnoreCase)) is { } named)
                {
                    assigneeId = named.Id;
                }
                else
                {
                    ignored.Add("assignee");
                    Filter = Filter with { Assignee = null };
                }

                break;
        }

        Filter = Filter with { Ignored = ignored };
        var page = await queries.LoadAsync(Scope, Filter, assigneeId, cancellationToken);
        if (page is null) return NotFound();
        Tasks = page;
        ViewData["Title"] = "Tasks";
        return Page();
    }

    public string DueText(TaskRow row)
    {
        if (row.DueAt is not { } due) return "";
        var local = clock.ToLocal(due);
        var today = clock.LocalNow.Date;
        var day = (local.Date - today).Days switch
        {
            0 => "Today",
            1 => "Tomorrow",
            -1 => "Yesterday",
            _ when local.Year == today.Year => local.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture),
            _ => local.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
        };
        return $"{day}, {local:HH:mm}";
    }

    public bool IsOverdue(TaskRow row) => row.Status == TaskItemStatus.Open && row.DueAt < clock.UtcNow;
}
