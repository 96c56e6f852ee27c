using System.Globalization;
using Cairn.Web.Platform.Email;

namespace Cairn.Web.Modules.Tasks;

/// <summary>The <c>Cairn:Tasks</c> section.</summary>
public sealed class TaskOptions
{
    /// <summary>How long before a task is due its reminder goes out; zero turns reminders off.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Cairn:Tasks:ReminderLead must be between 00:00:00 and 7.00:00:00.")]
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A recurring job (every minute by default): emails the assignee (or, unassigned, the author) of every open task
/// that falls due within <see cref="TaskOptions.ReminderLead"/>. It sweeps one workspace at a time through the
/// platform's <see cref="WorkspaceScopes.ForEachWorkspaceAsync"/>, so every query is the workspace's own.
/// A task is reminded once per due time: each run claims a task (conditional UPDATE) before sending, so
/// overlapping runs or instances never both send; a failed send gives the claim back for the next run; moving the
/// due time earns a new reminder. A run missed during a restart is made up by the next one for tasks not yet due;
/// tasks that fell due meanwhile get no reminder.
/// </summary>
public sealed class TaskReminders(WorkspaceScopes workspaces, IOptions<TaskOptions> options, ILogger<TaskReminders> logger) : IRecurringWork
{
    public const string Id = "task-reminders";

    [Hangfire.AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lead = options.Value.ReminderLead;
        if (lead <= TimeSpan.Zero) return;
        var sent = 0;
        await workspaces.ForEachWorkspaceAsync(async (services, token) =>
            sent += await services.GetRequiredService<TaskReminderSweep>().RunAsync(lead, token), cancellationToken, module: TasksModule.Name);
        logger.LogInformation("Sent {Count} task reminder(s)", sent);
    }
}

/// <summary>One workspace's part of <see cref="TaskReminders"/>.</summary>
public sealed class TaskReminderSweep(CairnDbContext db, ITenantContext tenant, TimeProvider time, EmailComposer composer, IEmailSender sender,
    ILogger<TaskReminderSweep> logger)
{
    private const int Batch = 200;

    /// <summary>Reminds this workspace's tasks due within <paramref name="lead"/>; returns how many were sent.</summary>
    public async Task<int> RunAsync(TimeSpan lead, CancellationToken cancellationToken)
    {
        var workspace = tenant.Workspace().Slug;
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lead;
        var due = await db.Tasks
            .Where(t => t.Status == TaskItemStatus.Open && t.DueAt > now && t.DueAt <= until && (t.RemindedDueAt == null || t.RemindedDueAt != t.DueAt))
            .OrderBy(t => t.DueAt).Take(Batch)
            .Select(t => new
            {
                t.Id, t.Title, DueAt = t.DueAt!.Value, t.RemindedDueAt, ListName = t.List!.Name, RecipientId = t.AssigneeId ?? t.CreatedById,
            })
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        var recipientIds = due.Select(t => t.RecipientId).Distinct().ToList();
        var recipients = await db.Users.Where(u => recipientIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.TimeZone }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var sent = 0;
        foreach (var task in due)
        {
            // Claimed for the due time read above: a task moved or reminded meanwhile is not this run's.
            var claimed = await db.Tasks
                .Where(t => t.Id == task.Id && t.DueAt == task.DueAt && (t.RemindedDueAt == null || t.RemindedDueAt != t.DueAt))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.RemindedDueAt, task.DueAt), CancellationToken.None);
            if (claimed == 0) continue;
            // Nobody to tell (an account without an email): claimed all the same, so it does not stand in front of
            // the others in every run.
            if (recipients.GetValueOrDefault(task.RecipientId) is not { Email: { } email } recipient) continue;
            var local = TimeZoneInfo.ConvertTimeFromUtc(task.DueAt, TimeZones.Find(recipient.TimeZone));
            var when = local.ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture);
            var text = $"""
                Hello {recipient.DisplayName},

                "{task.Title}" in {task.ListName} is due {when} ({recipient.TimeZone}).

                Open it: {composer.Link(workspace, $"/tasks/{task.Id}")}
                Your open tasks: {composer.Link(workspace, "/tasks?status=open&assignee=me&sort=due")}
                """;
            try
            {
                await sender.SendAsync(composer.Create(recipient.DisplayName, email, $"Due {local:HH:mm}: {task.Title}", text), cancellationToken);
                sent++;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reminder for task {Id} not sent; the next run tries again", task.Id);
                await db.Tasks.Where(t => t.Id == task.Id && t.RemindedDueAt == task.DueAt)
                    .ExecuteUpdateAsync(set => set.SetProperty(t => t.RemindedDueAt, task.RemindedDueAt), CancellationToken.None);
                if (e is OperationCanceledException) throw;
            }
        }
        return sent;
    }
}
