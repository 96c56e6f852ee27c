using Cairn.Web.Platform.Accounts;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Account;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Platform;

/// <summary>Delayed jobs (scheduled through the outbox) and recurring jobs (registered when the job server starts).</summary>
public sealed class DelayedAndRecurringJobTests
{
    [Fact]
    public async Task DelayedWork_WaitsInHangfiresSchedule_AndRunsNoSoonerThanAsked()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new CairnApp(JobsAndEmailTests.Settings(smtp));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "later");
        var user = await app.CreateUserAsync(ws);
        var runAt = DateTime.UtcNow.AddSeconds(5);
        Guid id;
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            db.Enqueue(new SendWelcomeEmail(user.Id), runAt);
            await db.SaveChangesAsync();
            id = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.Id;
        }

        // Handed over at the commit as a scheduled job, not a queued one.
        Assert.Equal(1, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledCount());
        // Nothing before its time (watched until shortly before it, however long the set-up above took).
        while (DateTime.UtcNow < runAt.AddMilliseconds(-300))
        {
            Assert.DoesNotContain(smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == user.Email));
            await Task.Delay(100);
        }

        Assert.Equal($"Welcome to Workspace {ws}", (await smtp.WaitForAsync(user.Email)).Subject);
        var row = await OutboxRowAsync(app, id, m => m.CompletedAt is not null);
        Assert.Equal(runAt, row.RunAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.True(row.CompletedAt >= runAt, $"completed {row.CompletedAt:O}, asked for {runAt:O}");
    }

    [Fact]
    public async Task RecurringJobs_AreRegisteredWithTheirSchedules_WhichConfigurationCanChangeOrTurnOff()
    {
        var settings = JobsAndEmailTests.Settings(Loopback.FreePort());
        settings["Cairn:Jobs:Recurring:task-reminders"] = "*/5 * * * *";
        await using var app = new CairnApp(settings);
        await app.InitializeAsync();
        var jobs = await RecurringJobsAsync(app, 4);
        Assert.Equal("17 3 * * *", jobs[OutboxCleanup.Id].Cron);
        Assert.Equal("*/5 * * * *", jobs[TaskReminders.Id].Cron);
        Assert.Equal("0 7 * * *", jobs[Cairn.Web.Modules.Recipes.RecipeDigest.Id].Cron);
        Assert.Equal("*/5 * * * *", jobs[Cairn.Web.Modules.Chat.ChatMissedEmails.Id].Cron);
        Assert.Equal("UTC", jobs[OutboxCleanup.Id].TimeZoneId);

        // A second instance on the same storage with the reminders turned off removes that job.
        if (!TestDatabase.IsPostgres) return; // in-memory storage does not outlive its process
        settings["Cairn:Jobs:Recurring:task-reminders"] = "off";
        await using var next = new CairnApp(settings, app.DataDirectory, app.Database);
        await next.InitializeAsync();
        await Eventually.Until(async () => !(await RecurringJobsAsync(next, 3)).ContainsKey(TaskReminders.Id), "the reminder schedule removed");
        Assert.Equal(new[] { OutboxCleanup.Id, Cairn.Web.Modules.Recipes.RecipeDigest.Id, Cairn.Web.Modules.Chat.ChatMissedEmails.Id }.Order(), (await RecurringJobsAsync(next, 3)).Keys.Order());
    }

    [Fact]
    public async Task OutboxCleanup_TriggeredThroughHangfire_DeletesOnlyMessagesFinishedLongAgo()
    {
        await using var app = new CairnApp(JobsAndEmailTests.Settings(Loopback.FreePort()));
        await app.InitializeAsync();
        var now = DateTime.UtcNow;
        OutboxMessage Message(DateTime? completed) => new()
        {
            Kind = "Cairn.Tests.Nothing", Payload = "{}", CreatedAt = now.AddDays(-30), DispatchedAt = now, CompletedAt = completed,
        };
        var old = Message(now.AddDays(-8));
        var recent = Message(now.AddDays(-1));
        var unfinished = Message(null);
        var (scope, db) = await app.DbForAsync(null);
        await using (scope)
        {
            db.AddRange(old, recent, unfinished);
            await db.SaveChangesAsync();
        }

        await RecurringJobsAsync(app, 2);
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(OutboxCleanup.Id);
        var left = await Eventually.Until(async () =>
        {
            var (scope, db) = await app.DbForAsync(null);
            await using (scope) return await db.Set<OutboxMessage>().Select(m => m.Id).ToListAsync();
        }, ids => !ids.Contains(old.Id), "the old outbox row cleaned up");

        Assert.DoesNotContain(old.Id, left);
        Assert.Contains(recent.Id, left);
        Assert.Contains(unfinished.Id, left);
    }

    /// <summary>The recurring jobs in the app's Hangfire storage, once at least <paramref name="atLeast"/> are there.</summary>
    private static async Task<Dictionary<string, RecurringJobDto>> RecurringJobsAsync(CairnApp app, int atLeast)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var connection = storage.GetConnection();
            var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
            if (jobs.Count >= atLeast || DateTime.UtcNow > until) return jobs;
            await Task.Delay(100);
        }
    }

    internal static async Task<OutboxMessage> OutboxRowAsync(CairnApp app, Guid id, Func<OutboxMessage, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (scope, db) = await app.DbForAsync(null);
            await using (scope)
            {
                var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
                if (until(row) || DateTime.UtcNow > deadline) return row;
            }

            await Task.Delay(100);
        }
    }
}
