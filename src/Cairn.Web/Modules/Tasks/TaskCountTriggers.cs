namespace Cairn.Web.Modules.Tasks;

/// <summary>
/// The triggers that keep <c>tasks_list_counts</c> equal to <c>tasks_items</c> grouped by list, status and
/// priority: a task leaving a bucket takes one off it; a task entering one adds one, creating the row when it is
/// the first. They are installed, with the counts filled in, by the <c>TaskListCounts</c> migration of each
/// provider, which holds their SQL (migrations are frozen history); the model declares their names so that
/// EF Core writes around them.
/// </summary>
public static class TaskCountTriggers
{
    public static readonly string[] Names = ["tasks_items_count_insert", "tasks_items_count_delete", "tasks_items_count_update"];
}
