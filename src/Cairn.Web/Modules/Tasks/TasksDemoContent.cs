namespace Cairn.Web.Modules.Tasks;

/// <summary>The demo workspace's first task list: shared, with tasks due over the coming week, one of them done.</summary>
public sealed class TasksDemoContent(CairnDbContext db, TimeProvider clock) : IDemoContent
{
    public async Task SeedAsync(Guid owner, CancellationToken cancellationToken)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var list = new TaskList { Name = "This week", IsShared = true, OwnerId = owner };
        (string Title, int Days, TaskPriority Priority, bool Done)[] tasks =
        [
            ("Read the welcome post on the blog", 0, TaskPriority.Normal, true),
            ("Invite a colleague from the members page", 1, TaskPriority.High, false),
            ("Plan the team meeting", 2, TaskPriority.Normal, false),
            ("Book the meeting room", 3, TaskPriority.Low, false),
            ("Send the meeting notes", 5, TaskPriority.Normal, false),
        ];
        foreach (var (title, days, priority, done) in tasks)
        {
            var task = new TaskItem { Title = title, DueAt = today.AddDays(days).AddHours(16), Priority = priority, CreatedById = owner, AssigneeId = owner };
            if (done) task.MarkDone(today);
            list.Tasks.Add(task);
        }
        db.Add(list);
        await db.SaveChangesAsync(cancellationToken);
    }
}
