namespace Cairn.Web.Modules.Tasks;

/// <summary>What the task form partial shows: the input, the choices, and where Cancel goes.</summary>
public sealed record TaskFormView(TaskInput Input, IReadOnlyList<TaskListOption> Lists, IReadOnlyList<AssigneeOption> Assignees, string TimeZone, bool IsNew, string CancelUrl);
