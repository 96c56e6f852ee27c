namespace Cairn.Web.Modules.Tasks;

/// <summary>One row of the task list, read with its list, assignee and tags in the same SQL command.</summary>
public sealed record TaskRow(
    int Id, string Title, TaskItemStatus Status, TaskPriority Priority, DateTime? DueAt, DateTime? CompletedAt,
    int ListId, string ListName, bool ListShared, Guid ListOwnerId, Guid CreatedById,
    string? AssigneeName, string? AssigneeUserName, bool HasNotes, List<string> Tags);

/// <summary>How many tasks match the view's other filters, by status and priority (one grouped query).</summary>
public sealed class TaskCounts(IReadOnlyList<(TaskItemStatus Status, TaskPriority Priority, int Count)> groups, TaskFilter filter)
{
    /// <summary>Per status, within the priority filter if there is one.</summary>
    public int ForStatus(TaskItemStatus? status) =>
        groups.Where(g => (status is null || g.Status == status) && (filter.Priority is null || g.Priority == filter.Priority)).Sum(g => g.Count);

    /// <summary>Per priority, within the status filter if there is one.</summary>
    public int ForPriority(TaskPriority priority) =>
        groups.Where(g => g.Priority == priority && (filter.Status is null || g.Status == filter.Status)).Sum(g => g.Count);

    /// <summary>Tasks in the view itself.</summary>
    public int Total => groups.Where(g => (filter.Status is null || g.Status == filter.Status) && (filter.Priority is null || g.Priority == filter.Priority)).Sum(g => g.Count);
}

public sealed record TaskPage(IReadOnlyList<TaskRow> Rows, TaskCounts Counts, int Page, int PageCount)
{
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

/// <summary>
/// The task list's queries: filters, sorts, per-status and per-priority counts, and a page of rows. A page costs
/// two SQL commands whatever it shows: the grouped count and the rows (with their tags).
/// </summary>
public sealed class TaskQueries(CairnDbContext db, UserClock clock)
{
    public const int PageSize = 25;

    /// <summary>A page of <paramref name="filter"/>'s view, or null when the page is past the end.</summary>
    public async Task<TaskPage?> LoadAsync(TaskScope scope, TaskFilter filter, Guid? assigneeId, CancellationToken cancellationToken)
    {
        if (filter.Page < 1) return null;
        var narrowed = Narrow(scope.Visible(db.Tasks), filter, assigneeId);

        // One grouped query. Filtered by list at most, whole lists are counted from their counters (a few rows
        // per list, kept by triggers) and the rest of a member's view row by row. Otherwise, without a tag or words,
        // over the visible parts joined by UNION ALL, each counted from its own index; a tag or words narrow the
        // view more than the parts do, so then the query starts from their index and checks visibility per row
        // instead (see docs/tasks.md, Performance).
        var counts = new TaskCounts(
            filter is { Tag: null, Query: null, Assignee: null, Due: null }
                ? await CountFromCountersAsync(scope, filter, assigneeId, cancellationToken)
                : await CountRowsAsync(filter.Tag is null && filter.Query is null ? VisibleInParts(scope, filter, assigneeId) : narrowed, cancellationToken),
            filter);

        var pageCount = Math.Max(1, (counts.Total + PageSize - 1) / PageSize);
        if (filter.Page > pageCount) return null;

        var selected = narrowed;
        if (filter.Status is { } status) selected = selected.Where(t => t.Status == status);
        if (filter.Priority is { } priority) selected = selected.Where(t => t.Priority == priority);

        var rows = counts.Total == 0 ? [] : await Sorted(selected, filter)
            .Skip((filter.Page - 1) * PageSize).Take(PageSize)
            .Select(t => new TaskRow(
                t.Id, t.Title, t.Status, t.Priority, t.DueAt, t.CompletedAt,
                t.ListId, t.List!.Name, t.List.IsShared, t.List.OwnerId, t.CreatedById,
                t.Assignee!.DisplayName, t.Assignee.UserName, t.Notes != "",
                t.Tags.OrderBy(tag => tag.Name).Select(tag => tag.Name).ToList()))
            .ToListAsync(cancellationToken);
        return new TaskPage(rows, counts, filter.Page, pageCount);
    }

    private IQueryable<TaskItem> VisibleInParts(TaskScope scope, TaskFilter filter, Guid? assigneeId)
    {
        var parts = scope.VisibleParts(db.Tasks).Select(part => Narrow(part, filter, assigneeId)).ToList();
        return parts.Skip(1).Aggregate(parts[0], (all, part) => all.Concat(part));
    }

    private static async Task<List<(TaskItemStatus, TaskPriority, int)>> CountRowsAsync(IQueryable<TaskItem> tasks, CancellationToken cancellationToken)
    {
        var groups = await tasks
            .GroupBy(t => new { t.Status, t.Priority })
            .Select(g => new { g.Key.Status, g.Key.Priority, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return groups.Select(g => (g.Status, g.Priority, g.Count)).ToList();
    }

    private async Task<List<(TaskItemStatus, TaskPriority, int)>> CountFromCountersAsync(TaskScope scope, TaskFilter filter, Guid? assigneeId, CancellationToken cancellationToken)
    {
        var counters = db.TaskListCounts.AsQueryable();
        if (scope.WholeLists is { } listIds) counters = counters.Where(c => listIds.Contains(c.ListId));
        if (filter.ListId is { } listId) counters = counters.Where(c => c.ListId == listId);
        var buckets = counters.Select(c => new CountBucket { Status = c.Status, Priority = c.Priority, Count = c.TaskCount });
        foreach (var part in scope.PartsOutsideWholeLists(db.Tasks))
            buckets = buckets.Concat(Narrow(part, filter, assigneeId).Select(t => new CountBucket { Status = t.Status, Priority = t.Priority, Count = 1 }));
        var groups = await buckets
            .GroupBy(b => new { b.Status, b.Priority })
            .Select(g => new { g.Key.Status, g.Key.Priority, Count = g.Sum(b => b.Count) })
            .ToListAsync(cancellationToken);
        return groups.Select(g => (g.Status, g.Priority, g.Count)).ToList();
    }

    /// <summary>Tasks of one status and priority: from a list's counter, or one task.</summary>
    private sealed class CountBucket
    {
        public TaskItemStatus Status { get; init; }
        public TaskPriority Priority { get; init; }
        public int Count { get; init; }
    }

    /// <summary>Every filter but status and priority, which the counts break down instead.</summary>
    public IQueryable<TaskItem> Narrow(IQueryable<TaskItem> tasks, TaskFilter filter, Guid? assigneeId)
    {
        if (filter.Query is { } query) tasks = tasks.Matching(db, query, TaskSchema.SearchVectorColumn, t => t.Title, t => t.Notes);
        if (filter.Tag is { } tag) tasks = tasks.Where(t => t.Tags.Any(x => x.Name == tag));
        if (filter.ListId is { } listId) tasks = tasks.Where(t => t.ListId == listId);
        if (filter.Assignee is not null)
            tasks = assigneeId is { } id ? tasks.Where(t => t.AssigneeId == id) : tasks.Where(t => t.AssigneeId == null);

        if (filter.Due is { } due)
        {
            var now = clock.UtcNow;
            var today = clock.StartOfTodayUtc;
            var tomorrow = clock.ToUtc(clock.LocalNow.Date.AddDays(1));
            var nextWeek = clock.ToUtc(StartOfNextWeek(clock.LocalNow.Date));
            tasks = due switch
            {
                DueBucket.Overdue => tasks.Where(t => t.DueAt < now && t.Status == TaskItemStatus.Open),
                DueBucket.Today => tasks.Where(t => t.DueAt >= today && t.DueAt < tomorrow),
                DueBucket.Week => tasks.Where(t => t.DueAt >= today && t.DueAt < nextWeek),
                DueBucket.Later => tasks.Where(t => t.DueAt >= nextWeek),
                _ => tasks.Where(t => t.DueAt == null),
            };
        }

        return tasks;
    }

    /// <summary>Weeks start on Monday (ISO 8601): "this week" runs from today to the end of Sunday.</summary>
    public static DateTime StartOfNextWeek(DateTime localDate)
    {
        var daysSinceMonday = ((int)localDate.DayOfWeek + 6) % 7;
        return localDate.Date.AddDays(7 - daysSinceMonday);
    }

    /// <summary>
    /// The view's order, then the id so that pages never overlap. A task without a due date counts as due last:
    /// PostgreSQL sorts NULL that way by itself (and so can walk its due-date indexes); SQLite is told.
    /// </summary>
    private IQueryable<TaskItem> Sorted(IQueryable<TaskItem> tasks, TaskFilter filter)
    {
        var descending = filter.IsDescending;
        return filter.Sort switch
        {
            TaskSort.Priority => ThenByDue(descending ? tasks.OrderByDescending(t => t.Priority) : tasks.OrderBy(t => t.Priority), descending: false)
                .ThenBy(t => t.Id),
            TaskSort.Created => descending ? tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id) : tasks.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
            TaskSort.Title => descending ? tasks.OrderByDescending(t => t.Title).ThenByDescending(t => t.Id) : tasks.OrderBy(t => t.Title).ThenBy(t => t.Id),
            _ => descending ? ByDue(tasks, descending: true).ThenByDescending(t => t.Id) : ByDue(tasks, descending: false).ThenBy(t => t.Id),
        };
    }

    private IOrderedQueryable<TaskItem> ByDue(IQueryable<TaskItem> tasks, bool descending)
    {
        if (db.Database.IsNpgsql()) return descending ? tasks.OrderByDescending(t => t.DueAt) : tasks.OrderBy(t => t.DueAt);
        return descending
            ? tasks.OrderByDescending(t => t.DueAt == null).ThenByDescending(t => t.DueAt)
            : tasks.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt);
    }

    private IOrderedQueryable<TaskItem> ThenByDue(IOrderedQueryable<TaskItem> tasks, bool descending)
    {
        if (db.Database.IsNpgsql()) return descending ? tasks.ThenByDescending(t => t.DueAt) : tasks.ThenBy(t => t.DueAt);
        return descending
            ? tasks.ThenByDescending(t => t.DueAt == null).ThenByDescending(t => t.DueAt)
            : tasks.ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt);
    }
}
