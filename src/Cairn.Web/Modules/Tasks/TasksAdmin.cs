using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Tasks;

/// <summary>What the admin site shows of the Tasks module, and the task rules it keeps (its <c>admin.py</c>).</summary>
internal static class TasksAdmin
{
    public static void Tasks(AdminFor<TaskItem> tasks) => tasks
        .Named("task", "task")
        .Display(t => t.Title)
        .List(t => t.Title).List(t => t.List!.Name, "List").List(t => t.Status).List(t => t.Priority)
        .List(t => t.DueAt, "Due").List(t => t.Assignee!.DisplayName, "Assignee")
        .Search(t => t.Title, t => t.Notes).SearchIndex(TaskSchema.SearchVectorColumn)
        .Filter(t => t.Status).Filter(t => t.Priority).Filter(t => t.ListId, "List").Filter(t => t.DueAt, "Due")
        .DateHierarchy(t => t.CreatedAt, "Created")
        .Exclude(t => t.NotesHtml, t => t.RemindedDueAt)
        .ReadOnly(t => t.CompletedAt, t => t.CreatedById, t => t.CreatedAt, t => t.UpdatedAt)
        .Group("Progress", t => t.Status, t => t.Priority, t => t.DueAt, t => t.AssigneeId, t => t.CompletedAt)
        .Group("Record", t => t.CreatedById, t => t.CreatedAt, t => t.UpdatedAt)
        .OnNew((task, save) => task.CreatedById = save.UserId)
        .Rule(KeepTaskRules)
        .Action("mark-done", "Mark done", (tasks, bulk, token) => tasks.Where(t => t.Status == TaskItemStatus.Open).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, TaskItemStatus.Done).SetProperty(t => t.CompletedAt, bulk.Now).SetProperty(t => t.UpdatedAt, bulk.Now), token))
        .Action("reopen", "Reopen", (tasks, bulk, token) => tasks.Where(t => t.Status == TaskItemStatus.Done).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Status, TaskItemStatus.Open).SetProperty(t => t.CompletedAt, (DateTime?)null).SetProperty(t => t.UpdatedAt, bulk.Now), token));

    // The rules the task forms keep: notes rendered, a completion time that follows the status, a due date in range.
    private static void KeepTaskRules(TaskItem task, AdminSave save)
    {
        if (task.DueAt is { Year: < 2000 or > 2999 }) save.Error(nameof(TaskItem.DueAt), "Choose a due date between the years 2000 and 2999.");
        if (save.Changed(nameof(TaskItem.Notes)))
        {
            var rendered = save.Services.GetRequiredService<MarkdownRenderer>().Render(task.Notes, CancellationToken.None);
            if (rendered.Problem is { } problem) save.Error(nameof(TaskItem.Notes), problem);
            else task.NotesHtml = rendered.Html;
        }

        if (save.Changed(nameof(TaskItem.Status)))
            task.CompletedAt = task.Status == TaskItemStatus.Done ? save.Now : null;
        task.UpdatedAt = save.Now;
    }

    public static void Lists(AdminFor<TaskList> lists) => lists
        .Named("list", "list")
        .Display(l => l.Name)
        .List(l => l.Name).List(l => l.IsShared, "Shared").List(l => l.Owner!.DisplayName, "Owner").List(l => l.CreatedAt, "Created")
        .Search(l => l.Name)
        .Filter(l => l.IsShared, "Shared")
        .ReadOnly(l => l.CreatedAt)
        .OnNew((list, save) => list.OwnerId = save.UserId)
        .Inline<TaskItem>("Tasks", t => t.Title, t => t.Priority, t => t.DueAt)
        // Deleting a list deletes its tasks, however many: an Owner's call.
        .Allow(AdminAction.Delete, WorkspaceRole.Owner);
}
