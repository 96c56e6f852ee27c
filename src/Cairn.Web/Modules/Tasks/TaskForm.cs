using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Cairn.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Web.Modules.Tasks;

/// <summary>The fields of the task form, shared by the new and edit pages.</summary>
public sealed class TaskInput
{
    [Required(ErrorMessage = "Give the task a title.")]
    [StringLength(TaskItem.MaxTitleLength, ErrorMessage = "The title may be at most 200 characters long.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(TaskItem.MaxNotesLength, ErrorMessage = "The notes may be at most 20,000 characters long.")]
    [Display(Name = "Notes")]
    public string? Notes { get; set; }

    /// <summary>As the browser's date-and-time field sends it (<c>2026-12-31T17:00</c>), in the user's time zone.</summary>
    [Display(Name = "Due")]
    public string? Due { get; set; }

    [Display(Name = "Priority")]
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    [Display(Name = "List")]
    public int ListId { get; set; }

    [Display(Name = "Assignee")]
    public Guid? AssigneeId { get; set; }

    [StringLength(500, ErrorMessage = "The tags may be at most 500 characters long.")]
    [Display(Name = "Tags")]
    public string? Tags { get; set; }

    [Display(Name = "Done")]
    public bool Done { get; set; }
}

/// <summary>A workspace member a task can be given to.</summary>
public sealed record AssigneeOption(Guid Id, string DisplayName, string UserName);

/// <summary>Applies a <see cref="TaskInput"/> to a task: the checks that need the database, due times, tags, notes.</summary>
public sealed class TaskForm(CairnDbContext db, UserClock clock, MarkdownRenderer markdown)
{
    public const int MaxTags = 10;

    private static readonly string[] DueFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fff", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    /// <summary>Members who can be given tasks: everyone in the workspace who may write (not Viewers).</summary>
    public async Task<List<AssigneeOption>> AssigneesAsync(CancellationToken cancellationToken) =>
        await db.Memberships
            .Where(m => m.Role != WorkspaceRole.Viewer)
            .OrderBy(m => m.User!.DisplayName).ThenBy(m => m.User!.UserName)
            .Select(m => new AssigneeOption(m.UserId, m.User!.DisplayName, m.User.UserName!))
            .ToListAsync(cancellationToken);

    /// <summary>The form's value for a stored due time: the user's wall-clock time, as <c>datetime-local</c> wants it.</summary>
    public string? DueValue(DateTime? dueAt) =>
        dueAt is { } due ? clock.ToLocal(due).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : null;

    /// <summary>Reads the due field; a date without a time means the end of that day. Null input: no due date.</summary>
    public bool TryParseDue(string? text, out DateTime? dueUtc)
    {
        dueUtc = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTime.TryParseExact(text.Trim(), DueFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return false;
        if (local.Year is < 2000 or > 2999) return false;
        if (text.Trim().Length == 10) local = local.AddHours(23).AddMinutes(59);
        dueUtc = clock.ToUtc(local);
        return true;
    }

    /// <summary>Copies <paramref name="input"/> onto <paramref name="task"/>; returns the field errors instead when it cannot.</summary>
    public async Task<List<(string Field, string Message)>> ApplyAsync(
        TaskItem task, TaskInput input, TaskScope scope, IReadOnlyList<AssigneeOption> assignees, CancellationToken cancellationToken, int? currentListId = null)
    {
        var errors = new List<(string, string)>();
        if (input.ListId != currentListId && !scope.CanAddTo(input.ListId)) errors.Add(("Input.ListId", "Choose one of your lists."));
        if (input.AssigneeId is { } assignee && assignees.All(a => a.Id != assignee))
            errors.Add(("Input.AssigneeId", "Choose a member of this workspace."));
        if (!Enum.IsDefined(input.Priority)) errors.Add(("Input.Priority", "Choose low, normal, high or urgent."));
        if (!TryParseDue(input.Due, out var due)) errors.Add(("Input.Due", "Enter a date and time, like 2026-12-31 17:00."));
        var tags = CleanTags(input.Tags);
        if (tags.Count > MaxTags) errors.Add(("Input.Tags", $"At most {MaxTags} tags."));
        else if (tags.Any(t => t.Length > TaskTag.MaxNameLength)) errors.Add(("Input.Tags", $"A tag may be at most {TaskTag.MaxNameLength} characters long."));
        if (errors.Count > 0) return errors;

        var now = clock.UtcNow;
        task.Title = input.Title.Trim();
        task.Notes = input.Notes?.Trim() ?? "";
        task.NotesHtml = task.Notes.Length == 0 ? "" : markdown.ToSafeHtml(task.Notes);
        task.DueAt = due;
        task.Priority = input.Priority;
        task.ListId = input.ListId;
        task.AssigneeId = input.AssigneeId;
        task.UpdatedAt = now;
        if (input.Done) task.MarkDone(now);
        else task.Reopen(now);
        await SetTagsAsync(task, tags, cancellationToken);
        return errors;
    }

    public static List<string> CleanTags(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.TrimStart('#').ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private async Task SetTagsAsync(TaskItem task, List<string> names, CancellationToken cancellationToken)
    {
        var existing = names.Count == 0 ? [] : await db.TaskTags.Where(t => names.Contains(t.Name)).ToListAsync(cancellationToken);
        task.Tags.Clear();
        foreach (var name in names)
            task.Tags.Add(existing.FirstOrDefault(t => t.Name == name) ?? new TaskTag { Name = name });
    }
}
