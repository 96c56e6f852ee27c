using Cairn.Tests.Infrastructure;
using Cairn.Tests.Platform;
using Cairn.Web.Modules.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>The <c>task-reminders</c> recurring job, run directly (its Hangfire registration is tested with the other recurring jobs).</summary>
public sealed class TaskReminderTests
{
    [Fact]
    public async Task OpenTasksDueWithinTheHour_AreRemindedOnce_ToTheAssigneeOrAuthor_InTheirTimeZone()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var settings = JobsAndEmailTests.Settings(smtp);
        settings["Cairn:Jobs:Server"] = "false"; // no scheduled run beside the ones below
        await using var app = new CairnApp(settings);
        await app.InitializeAsync();
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "remind");
        var other = await app.CreateWorkspaceAsync(author.Id, prefix: "remind2");
        var assignee = await app.CreateUserAsync(ws);
        var (scope, db) = await app.DbForAsync(null);
        await using (scope) await db.Users.Where(u => u.Id == assignee.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.TimeZone, "Pacific/Auckland"));

        var now = DateTime.UtcNow;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var list = await TaskSeed.ListAsync(app, ws, author.Id, "Launch", shared: true);
        var otherList = await TaskSeed.ListAsync(app, other, author.Id, "Garden");
        var assigned = await TaskSeed.TaskAsync(app, ws, list, author.Id, "Book the venue", dueAt: minute.AddMinutes(31), assignee: assignee.Id);
        await TaskSeed.TaskAsync(app, other, otherList, author.Id, "Water the beans", dueAt: minute.AddMinutes(21));
        await TaskSeed.TaskAsync(app, ws, list, author.Id, "Already done", dueAt: minute.AddMinutes(11), done: true, assignee: assignee.Id);
        await TaskSeed.TaskAsync(app, ws, list, author.Id, "Later today", dueAt: minute.AddHours(3), assignee: assignee.Id);
        await TaskSeed.TaskAsync(app, ws, list, author.Id, "Overdue", dueAt: minute.AddMinutes(-10), assignee: assignee.Id);
        await TaskSeed.TaskAsync(app, ws, list, author.Id, "No date", assignee: assignee.Id);

        await Task.WhenAll(RunAsync(app), RunAsync(app)); // two at once (two instances, or an overrun) still send each once
        var toAssignee = await smtp.WaitForAsync(assignee.Email);
        var toAuthor = await smtp.WaitForAsync(author.Email);
        var auckland = TimeZoneInfo.ConvertTimeFromUtc(minute.AddMinutes(31), TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"));
        Assert.Equal($"Due {auckland:HH:mm}: Book the venue", toAssignee.Subject);
        Assert.Contains("in Launch is due", toAssignee.TextBody, StringComparison.Ordinal);
        Assert.Contains($"at {auckland:HH:mm} (Pacific/Auckland)", toAssignee.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://{ws}.localhost:5000/tasks/{assigned}", toAssignee.TextBody, StringComparison.Ordinal);
        Assert.Equal($"Due {minute.AddMinutes(21):HH:mm}: Water the beans", toAuthor.Subject);
        Assert.Contains($"http://{other}.localhost:5000/tasks/", toAuthor.TextBody, StringComparison.Ordinal);

        // Once per due time: the next run sends nothing new; moving the due time earns a new reminder.
        await RunAsync(app);
        (scope, db) = await app.DbForAsync(ws);
        await using (scope) await db.Tasks.Where(t => t.Id == assigned).ExecuteUpdateAsync(set => set.SetProperty(t => t.DueAt, minute.AddMinutes(45)));
        await RunAsync(app); // sends before it returns: what it sent is in the mailbox now
        var messages = smtp.Messages();
        Assert.Equal(3, messages.Count);
        Assert.Equal(2, messages.Count(m => To(m, assignee.Email)));
        Assert.Single(messages, m => m.Subject?.EndsWith("Water the beans", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AReminderThatCannotBeSent_IsTriedAgainByTheNextRun()
    {
        var port = Loopback.FreePort(); // nobody listens yet
        var settings = JobsAndEmailTests.Settings(port);
        settings["Cairn:Jobs:Server"] = "false";
        await using var app = new CairnApp(settings);
        await app.InitializeAsync();
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "remind");
        var list = await TaskSeed.ListAsync(app, ws, author.Id, "Inbox");
        var id = await TaskSeed.TaskAsync(app, ws, list, author.Id, "Call the plumber", dueAt: DateTime.UtcNow.AddMinutes(20));

        await RunAsync(app);
        Assert.Null((await TaskSeed.FindAsync(app, ws, id))!.RemindedDueAt);

        await using var smtp = await SmtpServer.StartAsync(port);
        await RunAsync(app);
        Assert.EndsWith("Call the plumber", (await smtp.WaitForAsync(author.Email)).Subject, StringComparison.Ordinal);
        var task = (await TaskSeed.FindAsync(app, ws, id))!;
        Assert.Equal(task.DueAt, task.RemindedDueAt);
    }

    [Fact]
    public async Task AZeroLead_TurnsRemindersOff()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var settings = JobsAndEmailTests.Settings(smtp);
        settings["Cairn:Jobs:Server"] = "false";
        settings["Cairn:Tasks:ReminderLead"] = "00:00:00";
        await using var app = new CairnApp(settings);
        await app.InitializeAsync();
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "remind");
        var list = await TaskSeed.ListAsync(app, ws, author.Id, "Inbox");
        var id = await TaskSeed.TaskAsync(app, ws, list, author.Id, "Quiet", dueAt: DateTime.UtcNow.AddMinutes(5));
        await RunAsync(app); // sends before it returns: what it sent is in the mailbox now
        Assert.Empty(smtp.Messages());
        Assert.Null((await TaskSeed.FindAsync(app, ws, id))!.RemindedDueAt);
    }

    private static bool To(MimeMessage message, string address) => message.To.Mailboxes.Any(b => b.Address == address);

    private static async Task RunAsync(CairnApp app)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<TaskReminders>().RunAsync(CancellationToken.None);
    }
}
