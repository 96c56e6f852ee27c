using System.Globalization;
using Cairn.Web.Platform.Accounts;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Email;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cairn.Web.Modules.Tasks;

/// <summary>The <c>Cairn:Tasks</c> section.</summary>
public sealed class TaskOptions
{
    public const string Section = "Cairn:Tasks";

    /// <summary>How long before a task is due its reminder goes out; zero turns reminders off.</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A recurring job (every minute by default): emails the assignee (or, unassigned, the author) of every open task
/// that falls due within <see cref="TaskOptions.ReminderLead"/>. A task is reminded once per due time: each run
/// claims a task (conditional UPDATE) before sending, so overlapping runs or instances never both send; a failed
/// send gives the claim back for the next run; moving the due time earns a new reminder. A run missed during a
/// restart is made up by the next one for tasks not yet due; tasks that fell due meanwhile get no reminder.
/// </summary>
public sealed class TaskReminders(CairnDbContext db, TimeProvider time, EmailComposer composer, IEmailSender sender,
    IOptions<TaskOptions> options, ILogger<TaskReminders> logger) : IRecurringWork
{
    public const string Id = "task-reminders";
    private const int Batch = 200;

    [Hangfire.AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lead = options.Value.ReminderLead;
        if (lead <= TimeSpan.Zero) return;
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lead;
        // Every workspace at once, from the partial index on open tasks' due times.
        var due = await db.Tasks.IgnoreQueryFilters()
            .Where(t => t.Status == TaskItemStatus.Open && t.DueAt > now && t.DueAt <= until && (t.RemindedDueAt == null || t.RemindedDueAt != t.DueAt))
            .OrderBy(t => t.DueAt).Take(Batch)
            .Select(t => new
            {
                t.Id, t.TenantId, t.Title, DueAt = t.DueAt!.Value, t.RemindedDueAt, ListName = t.List!.Name, RecipientId = t.AssigneeId ?? t.CreatedById,
            })
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return;

        var tenantIds = due.Select(t => t.TenantId).Distinct().ToList();
        var workspaces = await db.Tenants.Where(w => tenantIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Slug, cancellationToken);

        var recipientIds = due.Select(t => t.RecipientId).Distinct().ToList();
        var recipients = await db.Users.Where(u => recipientIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.TimeZone }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var sent = 0;
        foreach (var task in due)
        {
            // Claimed for the due time read above: a task moved or reminded meanwhile is not this run's.
            var claimed = await db.Tasks.IgnoreQueryFilters()
                .Where(t => t.Id == task.Id && t.DueAt == task.DueAt && (t.RemindedDueAt == null || t.RemindedDueAt != t.DueAt))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.RemindedDueAt, task.DueAt), CancellationToken.None);
            if (claimed == 0) continue;
            // Nobody to tell (an account without an email, a workspace gone): claimed all the same, so it does not
            // stand in front of the others in every run.
            if (recipients.GetValueOrDefault(task.RecipientId) is not { Email: { } email } recipient || !workspaces.TryGetValue(task.TenantId, out var workspace)) continue;
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
                await db.Tasks.IgnoreQueryFilters().Where(t => t.Id == task.Id && t.RemindedDueAt == task.DueAt)
                    .ExecuteUpdateAsync(set => set.SetProperty(t => t.RemindedDueAt, task.RemindedDueAt), CancellationToken.None);
                if (e is OperationCanceledException) throw;
            }
        }

        logger.LogInformation("Sent {Count} task reminder(s)", sent);
    }
}
