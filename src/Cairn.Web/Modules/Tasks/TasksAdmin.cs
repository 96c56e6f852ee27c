using Cairn.Web.Platform.Admin;

namespace Cairn.Web.Modules.Tasks;

/// <summary>What the admin site shows of the Tasks module (its <c>admin.py</c>).</summary>
internal static class TasksAdmin
{
    public static void Tasks(AdminFor<TaskItem> tasks) => tasks
        .Named("task", "task")
        .List(t => t.Title).List(t => t.List!.Name, "List").List(t => t.Status).List(t => t.Priority)
        .List(t => t.DueAt, "Due").List(t => t.Assignee!.DisplayName, "Assignee")
        .Search(t => t.Title, t => t.Notes)
        .Filter(t => t.Status).Filter(t => t.Priority);

    public static void Lists(AdminFor<TaskList> lists) => lists
        .Named("list", "list")
        .List(l => l.Name).List(l => l.IsShared, "Shared").List(l => l.Owner!.DisplayName, "Owner").List(l => l.CreatedAt, "Created")
        .Search(l => l.Name)
        .Filter(l => l.IsShared, "Shared");
}
