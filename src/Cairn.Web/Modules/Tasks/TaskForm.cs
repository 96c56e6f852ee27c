using System.ComponentModel.DataAnnotations;
using System.Globalization;

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

/// <summary>A task's fields as pages and the API hand them over: the due time already in UTC.</summary>
public sealed record TaskValues(
    string Title, string? Notes, DateTime? DueAt, TaskPriority Priority, int ListId, Guid? AssigneeId, IReadOnlyList<string> Tags, bool Done);

/// <summary>A workspace member a task can be given to.</summary>
public sealed record AssigneeOption(Guid Id, string DisplayName, string UserName);

/// <summary>Applies a <see cref="TaskInput"/> to a task: the checks that need the database, due times, tags, notes.</summary>
public sealed class TaskForm(CairnDbContext db, UserClock clock, MarkdownRenderer markdown)
{
    public const int MaxTags = TagNames.MaxTags;

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

    /// <summary>The page form's values, its due time read in the user's zone; null with the field error when it cannot be read.</summary>
    public (TaskValues? Values, (string Field, string Message)? Error) Read(TaskInput input)
    {
        if (!TryParseDue(input.Due, out var due)) return (null, (nameof(TaskValues.DueAt), "Enter a date and time, like 2026-12-31 17:00."));
        return (new TaskValues(input.Title, input.Notes, due, input.Priority, input.ListId, input.AssigneeId, [.. TagNames.Split(input.Tags)], input.Done), null);
    }

    /// <summary>
    /// Copies <paramref name="values"/> onto <paramref name="task"/> after the checks that need the database;
    /// returns the errors instead, by <see cref="TaskValues"/> property name, when it cannot. A task may stay in
    /// <paramref name="currentListId"/> even when the user could not add to that list.
    /// </summary>
    public async Task<List<(string Field, string Message)>> ApplyAsync(
        TaskItem task, TaskValues values, TaskScope scope, IReadOnlyList<AssigneeOption> assignees, CancellationToken cancellationToken, int? currentListId = null)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(values.Title)) errors.Add((nameof(TaskValues.Title), "Give the task a title."));
        else if (values.Title.Trim().Length > TaskItem.MaxTitleLength) errors.Add((nameof(TaskValues.Title), "The title may be at most 200 characters long."));
        if ((values.Notes?.Length ?? 0) > TaskItem.MaxNotesLength) errors.Add((nameof(TaskValues.Notes), "The notes may be at most 20,000 characters long."));
        if (values.ListId != currentListId && !scope.CanAddTo(values.ListId)) errors.Add((nameof(TaskValues.ListId), "Choose one of your lists."));
        if (values.AssigneeId is { } assignee && assignees.All(a => a.Id != assignee))
            errors.Add((nameof(TaskValues.AssigneeId), "Choose a member of this workspace."));
        if (!Enum.IsDefined(values.Priority)) errors.Add((nameof(TaskValues.Priority), "Choose low, normal, high or urgent."));
        if (values.DueAt is { Year: < 2000 or > 2999 }) errors.Add((nameof(TaskValues.DueAt), "Choose a due date between the years 2000 and 2999."));
        var tags = TagNames.Clean(values.Tags);
        if (TagNames.Problem(tags) is { } tagProblem) errors.Add((nameof(TaskValues.Tags), tagProblem));
        var notes = values.Notes?.Trim() ?? "";
        var rendered = errors.Count == 0 ? markdown.Render(notes, cancellationToken) : default;
        if (rendered.Problem is { } problem) errors.Add((nameof(TaskValues.Notes), problem));
        if (errors.Count > 0) return errors;

        var now = clock.UtcNow;
        task.Title = values.Title.Trim();
        task.Notes = notes;
        task.NotesHtml = rendered.Html;
        task.DueAt = values.DueAt is { } due ? DateTime.SpecifyKind(due, DateTimeKind.Utc) : null;
        task.Priority = values.Priority;
        task.ListId = values.ListId;
        task.AssigneeId = values.AssigneeId;
        task.UpdatedAt = now;
        if (values.Done) task.MarkDone(now);
        else task.Reopen(now);
        await SetTagsAsync(task, tags, cancellationToken);
        return errors;
    }

    /// <summary>Saves the unit of work; a tag another request created meanwhile is used instead of a second one.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        var saved = await db.SaveChangesMendingAsync(async token => await db.AdoptStoredAsync<TaskTag>(
            (added, t) => db.TaskTags.FirstOrDefaultAsync(s => s.Name == added.Name, t),
            (added, stored) =>
            {
                foreach (var task in db.ChangeTracker.Entries<TaskItem>().Select(e => e.Entity).Where(t => t.Tags.Remove(added)))
                    task.Tags.Add(stored);
            }, token) > 0, cancellationToken);
        // Nothing to mend means the conflict was not a tag's: let it surface as the error it is.
        if (!saved) await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SetTagsAsync(TaskItem task, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var existing = names.Count == 0 ? [] : await db.TaskTags.Where(t => names.Contains(t.Name)).ToListAsync(cancellationToken);
        task.Tags.Clear();
        foreach (var name in names)
            task.Tags.Add(existing.FirstOrDefault(t => t.Name == name) ?? new TaskTag { Name = name });
    }
}
