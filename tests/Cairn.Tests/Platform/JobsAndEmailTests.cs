using System.Diagnostics;
using System.Net;
using Cairn.Web.Platform.Accounts;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Web.Modules.Account;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Cairn.Tests.Platform;

/// <summary>Background jobs through the transactional outbox, and email over real SMTP.</summary>
public sealed class JobsAndEmailTests
{
    internal static Dictionary<string, string?> Settings(SmtpServer smtp) => Settings(smtp.Port);

    /// <summary>Waits until <paramref name="app"/>'s sweeper has finished three more sweeps: what it would hand over twice, it has by then.</summary>
    private static async Task ThreeSweepsAsync(CairnApp app)
    {
        var sweeper = app.Services.GetRequiredService<OutboxSweeper>();
        var target = sweeper.Sweeps + 3;
        await Eventually.Until(() => sweeper.Sweeps >= target, "three outbox sweeps");
    }

    internal static Dictionary<string, string?> Settings(int smtpPort) => new()
    {
        ["Cairn:Email:Host"] = "127.0.0.1",
        ["Cairn:Email:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cairn:Email:Security"] = "None",
        ["Cairn:Email:LinkPort"] = "5000",
        ["Cairn:Jobs:Server"] = "true",
        ["Cairn:Jobs:SweepInterval"] = "00:00:01",
        ["Cairn:Jobs:SchedulePollInterval"] = "00:00:01",
        ["Cairn:Jobs:QueuePollInterval"] = "00:00:01",
        ["Cairn:Jobs:HandOverGrace"] = "00:00:01",
    };

    [Fact]
    public async Task SignUp_SendsAWelcomeEmail_OverSmtp_FromABackgroundJob()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new CairnApp(Settings(smtp));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "mail", openJoining: true);
        using var client = app.Browser(ws);
        var handle = $"new{Guid.NewGuid():N}"[..12];
        var asked = await client.SubmitAsync("/account/signup", new Dictionary<string, string>
        {
            ["Input.Email"] = $"{handle}@example.test", ["Input.UserName"] = handle, ["Input.DisplayName"] = "Nova Newcomer",
            ["Input.Password"] = "a long and quiet passphrase", ["Input.ConfirmPassword"] = "a long and quiet passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        // First the link that finishes the sign-up, then (once it is opened) the welcome.
        var linkMessage = await smtp.WaitForAsync($"{handle}@example.test", "Finish signing up");
        var link = System.Text.RegularExpressions.Regex.Match(linkMessage.TextBody ?? "", @"http://\S+/account/confirm\?token=\S+").Value;
        Assert.StartsWith($"http://{ws}.localhost:5000/account/confirm?token=", link, StringComparison.Ordinal);
        var response = await client.SubmitAsync(new Uri(link).PathAndQuery, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var message = await smtp.WaitForAsync($"{handle}@example.test", "Welcome");
        Assert.Equal($"Welcome to Workspace {ws}", message.Subject);
        Assert.Equal("no-reply@cairn.local", message.From.Mailboxes.Single().Address);
        Assert.Contains($"http://{ws}.localhost:5000/tasks", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Nova Newcomer", message.TextBody, StringComparison.Ordinal);

        // Done is done: the outbox says so, and a restarted instance does not send it again.
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            // The message names the workspace it was asked for in, and ran there.
            var id = (await db.Set<OutboxMessage>().SingleAsync(m => m.TenantId == db.CurrentTenantId && m.Kind == typeof(SendWelcomeEmail).FullName)).Id;
            var row = await Eventually.Until(
                () => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id), r => r.CompletedAt is not null, "the welcome email's outbox row completed");

            Assert.NotNull(row.CompletedAt);
            Assert.Equal(1, row.Attempts);
        }

        await using var restarted = new CairnApp(Settings(smtp), app.DataDirectory, app.Database);
        await restarted.InitializeAsync();
        await ThreeSweepsAsync(restarted);
        Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == $"{handle}@example.test") && (m.Subject ?? "").StartsWith("Welcome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignUpInAProcessKilledAfterItsCommit_BeforeItsWorkRan_IsWelcomedOnceByTheNextProcess()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var noJobs = Settings(smtp);
        noJobs["Cairn:Jobs:Server"] = "false";
        await using var app = new CairnApp(noJobs); // sets up the database and a workspace, runs no jobs
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "kill", openJoining: true);

        // A real Cairn process (dotnet Cairn.Web.dll) serving HTTP on loopback, running no jobs itself, so the
        // sign-up's work is still ahead of it when it dies.
        var port = Loopback.FreePort();
        var start = CairnProcess.For(app, "--urls", $"http://127.0.0.1:{port}");
        start.Environment["Cairn__Jobs__Server"] = "false";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handle = $"k{Guid.NewGuid():N}"[..12];
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            http.DefaultRequestHeaders.Host = $"{ws}.localhost";
            await Eventually.Until(async () =>
            {
                Assert.False(process.HasExited, "Cairn.Web.dll exited early");
                try
                {
                    return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the published app's /health/ready");

            using var client = new PageClient(http);
            var response = await client.SubmitAsync("/account/signup", new Dictionary<string, string>
            {
                ["Input.Email"] = $"{handle}@example.test", ["Input.UserName"] = handle, ["Input.DisplayName"] = "Kim Killed",
                ["Input.Password"] = "a long and quiet passphrase", ["Input.ConfirmPassword"] = "a long and quiet passphrase",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flushing
            await process.WaitForExitAsync();
        }

        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.TenantId == db.CurrentTenantId);
            Assert.Null(row.CompletedAt);
            Assert.Equal(0, row.Attempts);
        }

        Assert.Empty(smtp.Messages());
        // The next process (this test's, with a job server) finds the work in the outbox or Hangfire's storage.
        await using var next = new CairnApp(Settings(smtp), app.DataDirectory, app.Database);
        await next.InitializeAsync();
        var message = await smtp.WaitForAsync($"{handle}@example.test");
        Assert.Equal($"Finish signing up to Workspace {ws}", message.Subject);
        await ThreeSweepsAsync(next); // still one
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task WorkCommittedByAProcessThatDied_RunsAfterARestart()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new CairnApp(Settings(smtp));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "died", openJoining: true);
        var neverHandedOver = await app.CreateUserAsync(ws);
        var handedToTheDead = await app.CreateUserAsync(ws);

        // What a process killed right after its commit leaves behind: the message, committed, never handed to
        // Hangfire; and one handed to an in-memory queue that died with its process.
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var lost = db.Enqueue(new SendWelcomeEmail(neverHandedOver.Id));
            lost.CreatedAt = DateTime.UtcNow.AddMinutes(-5);
            var queued = db.Enqueue(new SendWelcomeEmail(handedToTheDead.Id));
            queued.CreatedAt = DateTime.UtcNow.AddMinutes(-5);
            queued.DispatchedAt = DateTime.UtcNow.AddMinutes(-5);
            await db.SaveChangesAsync();
        }

        // The first instance's sweeper hands the never-handed-over one over at once.
        Assert.Equal($"Welcome to Workspace {ws}", (await smtp.WaitForAsync(neverHandedOver.Email)).Subject);

        // The queued one was handed to a process before this one started; with durable (PostgreSQL) storage Hangfire
        // itself still has it, with in-memory storage the next instance's sweeper hands it over again.
        await using var next = new CairnApp(Settings(smtp), app.DataDirectory, app.Database);
        await next.InitializeAsync();
        if (!TestDatabase.IsPostgres) Assert.Equal($"Welcome to Workspace {ws}", (await smtp.WaitForAsync(handedToTheDead.Email)).Subject);
    }

    [Fact]
    public async Task AComment_EmailsThePostsAuthor_ButNotForTheirOwn()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var app = new CairnApp(Settings(smtp));
        await app.InitializeAsync();
        var author = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(author.Id, prefix: "cmt", openJoining: true);
        var reader = await app.CreateUserAsync(ws);
        var slug = await BlogSeed.PostAsync(app, ws, author.Id, "Stone walls");

        using var authorClient = app.Browser(ws);
        await authorClient.LogInAsync(author);
        await authorClient.SubmitAsync($"/blog/{slug}", new Dictionary<string, string> { ["Comment.Body"] = "My own note." }, "form[action*='handler=Comment']");
        using var readerClient = app.Browser(ws);
        await readerClient.LogInAsync(reader);
        await readerClient.SubmitAsync($"/blog/{slug}", new Dictionary<string, string> { ["Comment.Body"] = "Lovely dry-stone work." }, "form[action*='handler=Comment']");

        var message = await smtp.WaitForAsync(author.Email);
        Assert.Equal("New comment on \"Stone walls\"", message.Subject);
        Assert.Contains("Lovely dry-stone work.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://{ws}.localhost:5000/blog/{slug}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(reader.DisplayName, message.TextBody, StringComparison.Ordinal);
        await ThreeSweepsAsync(app); // time for a second message, had one been asked for
        Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Any(b => b.Address == author.Email));
    }

    [Fact]
    public async Task FailingWork_IsRetriedWithBackOff_UntilItSucceeds()
    {
        var port = Loopback.FreePort(); // nobody listens there yet: sending fails
        await using var app = new CairnApp(Settings(port));
        await app.InitializeAsync();
        var ws = await app.CreateWorkspaceAsync(prefix: "retry", openJoining: true);
        var user = await app.CreateUserAsync(ws);
        Guid id;
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            id = db.Enqueue(new SendWelcomeEmail(user.Id)).Id;
            await db.SaveChangesAsync(); // handed to Hangfire right after this commit
        }

        async Task<OutboxMessage> RowAsync()
        {
            var (s, d) = await app.DbForAsync(null);
            await using (s) return await d.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
        }

        var failed = await Eventually.Until(RowAsync, r => r.LastError is not null, "the first, failed attempt recorded");

        Assert.NotNull(failed.LastError);
        Assert.Null(failed.CompletedAt);

        // The server comes up; the next attempt (5 s later) delivers.
        await using var smtp = await SmtpServer.StartAsync(port);
        Assert.Equal($"Welcome to Workspace {ws}", (await smtp.WaitForAsync(user.Email, seconds: 90)).Subject);
        var done = await Eventually.Until(RowAsync, r => r.CompletedAt is not null, "the outbox row completed after delivery");

        Assert.NotNull(done.CompletedAt);
        Assert.True(done.Attempts >= 2, $"attempts: {done.Attempts}");
    }

    [Fact]
    public async Task Dashboard_IsForPlatformAdministratorsOnly()
    {
        await using var app = new CairnApp();
        await app.InitializeAsync();
        var member = await app.CreateUserAsync();
        using var anonymous = app.Browser();
        Assert.Contains((await anonymous.Http.GetAsync("/jobs")).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        using var memberClient = app.Browser();
        await memberClient.LogInAsync(member);
        Assert.Contains((await memberClient.Http.GetAsync("/jobs")).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });

        var email = $"root-{Guid.NewGuid():N}@example.test";
        Assert.Equal(0, await Cairn.Web.Platform.Commands.ManagementCommands.RunAsync(app.Services, ["createsuperuser", "--email", email, "--password", CairnApp.DefaultPassword], TextWriter.Null, TextWriter.Null));
        using var admin = app.Browser();
        await admin.LogInAsync(new TestUser(Guid.Empty, email, "", "", CairnApp.DefaultPassword));
        var dashboard = await admin.Http.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Cairn background jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
