using Cairn.Web.Platform.Events;

namespace Cairn.Web.Modules.Tasks;

/// <summary>Stored as a number so that sorting by priority is sorting by the column.</summary>
public enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

public enum TaskItemStatus
{
    Open = 0,
    Done = 1,
}

/// <summary>A list of tasks (a project): private to its owner, or shared with the whole workspace.</summary>
public sealed class TaskList : ITenantOwned
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public bool IsShared { get; set; }
    public Guid OwnerId { get; set; }
    public CairnUser? Owner { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public List<TaskItem> Tasks { get; } = [];
}

/// <summary>A task was marked done (by a page, the API or a form; bulk updates in SQL raise none).</summary>
public sealed record TaskCompleted(TaskItem Task) : IDomainEvent;

/// <summary>One task. Times are UTC; pages show them in the reader's time zone.</summary>
public sealed class TaskItem : ITenantOwned, IRaisesEvents
{
    private readonly EventList _events = new();

    IReadOnlyList<IDomainEvent> IRaisesEvents.PendingEvents => _events.PendingEvents;

    void IRaisesEvents.ClearEvents() => _events.ClearEvents();

    public const int MaxTitleLength = 200;
    public const int MaxNotesLength = 20_000;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public int ListId { get; set; }
    public TaskList? List { get; set; }
    public required string Title { get; set; }

    /// <summary>Markdown, as written.</summary>
    public string Notes { get; set; } = "";

    /// <summary><see cref="Notes"/> rendered and sanitized at save time.</summary>
    public string NotesHtml { get; set; } = "";

    public DateTime? DueAt { get; set; }

    /// <summary>The due time a reminder went out for (<see cref="TaskReminders"/>); another due time gets its own.</summary>
    public DateTime? RemindedDueAt { get; set; }
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public TaskItemStatus Status { get; set; } = TaskItemStatus.Open;
    public DateTime? CompletedAt { get; set; }
    public Guid? AssigneeId { get; set; }
    public CairnUser? Assignee { get; set; }
    public Guid CreatedById { get; set; }
    public CairnUser? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    public List<TaskTag> Tags { get; } = [];

    public void MarkDone(DateTime now)
    {
        if (Status == TaskItemStatus.Done) return;
        Status = TaskItemStatus.Done;
        CompletedAt = now;
        UpdatedAt = now;
        _events.Raise(new TaskCompleted(this));
    }

    public void Reopen(DateTime now)
    {
        if (Status == TaskItemStatus.Open) return;
        Status = TaskItemStatus.Open;
        CompletedAt = null;
        UpdatedAt = now;
    }
}

/// <summary>
/// How many tasks one list holds per status and priority, kept by database triggers on <c>tasks_items</c> (every
/// insert, delete, and change of list, status or priority, bulk SQL included), so that the counts above a list
/// read a few rows per list instead of every task.
/// </summary>
public sealed class TaskListCount : ITenantOwned
{
    public int ListId { get; set; }
    public int TenantId { get; set; }
    public TaskItemStatus Status { get; set; }
    public TaskPriority Priority { get; set; }
    public int TaskCount { get; set; }
}

public sealed class TaskTag : ITenantOwned
{
    public const int MaxNameLength = TagNames.MaxLength;

    public int Id { get; set; }
    public int TenantId { get; set; }
    public required string Name { get; set; }
    public List<TaskItem> Tasks { get; } = [];
}
