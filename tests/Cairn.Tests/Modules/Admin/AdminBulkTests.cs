using System.Net;
using System.Text;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Modules.Tasks;
using Cairn.Web.Platform.Admin;
using Cairn.Web.Platform.Data;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Admin;

/// <summary>
/// Issue 13: bulk actions over ticked rows or over all rows matching the list's search and filters (the filter is
/// sent, not the ids), the delete's confirmation, the CSV export (its content, its filters, the workspace's rows
/// only) and the CSV import (preview, a dry run listing every row's problems, all or nothing).
/// </summary>
public sealed class AdminBulkTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Owner, PageClient Client, int List)> WorkspaceWithListAsync(string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: prefix);
        var client = app.Browser(ws);
        await client.LogInAsync(owner);
        return (ws, owner, client, await TaskSeed.ListAsync(app, ws, owner.Id, "Bulk list"));
    }

    private async Task<T> ReadAsync<T>(string workspace, Func<CairnDbContext, Task<T>> read)
    {
        var (scope, db) = await app.DbForAsync(workspace);
        await using (scope) return await read(db);
    }

    private static async Task<HttpResponseMessage> PostAsync(PageClient client, string path, params IEnumerable<(string Key, string Value)> fields)
    {
        var token = await client.AntiforgeryTokenAsync("/admin/tasks/task/add/");
        return await client.Http.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]));
    }

    [Fact]
    public async Task ABulkAction_OverTickedRows_ChangesThoseOnly_AndLogsOneEntry()
    {
        var (ws, owner, client, list) = await WorkspaceWithListAsync("adm-bulk");
        using var signedIn = client;
        var ids = new List<int>();
        for (var i = 0; i < 4; i++) ids.Add(await TaskSeed.TaskAsync(app, ws, list, owner.Id, $"Bulk {i}"));

        var response = await PostAsync(client, "/admin/tasks/task/", ("action", "mark-done"), ("selected", ids[0].ToString()), ("selected", ids[2].ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var done = await ReadAsync(ws, db => db.Set<TaskItem>().Where(t => t.Status == TaskItemStatus.Done).Select(t => t.Id).OrderBy(t => t).ToListAsync());
        Assert.Equal([ids[0], ids[2]], done);
        var entry = await ReadAsync(ws, db => db.Set<AdminLogEntry>().SingleAsync(e => e.Action == AdminLogAction.Bulk));
        Assert.Equal("Mark done: 2 tasks (2 chosen)", entry.ObjectLabel);
        Assert.Null(entry.ObjectKey);

        // A flood of ticked keys (more form values than the server reads) is a 4xx, never a 500.
        var flood = await PostAsync(client, "/admin/tasks/task/", [("action", "mark-done"), .. Enumerable.Range(1, 3000).Select(i => ("selected", $"no-such-key-{i}"))]);
        Assert.InRange((int)flood.StatusCode, 300, 499);

        // Nothing ticked, or an action that is not one: a message, nothing done.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/tasks/task/", ("action", "mark-done"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/admin/tasks/task/", ("action", "drop-tables"), ("selected", ids[1].ToString()))).StatusCode);
        Assert.Equal(2, await ReadAsync(ws, db => db.Set<TaskItem>().CountAsync(t => t.Status == TaskItemStatus.Done)));
    }

    [Fact]
    public async Task ABulkAction_OverAllMatching_SendsTheSearchAndFilters_AndStaysInTheWorkspace()
    {
        var (ws, owner, client, list) = await WorkspaceWithListAsync("adm-bulk-all");
        using var signedIn = client;
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Stone one", priority: TaskPriority.High);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Stone two", priority: TaskPriority.High);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Stone low", priority: TaskPriority.Low);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Moss", priority: TaskPriority.High);
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-bulk-b");
        await TaskSeed.TaskAsync(app, other, await TaskSeed.ListAsync(app, other, otherOwner.Id, "Theirs"), otherOwner.Id, "Stone theirs", priority: TaskPriority.High);

        var response = await PostAsync(client, "/admin/tasks/task/", ("action", "mark-done"), ("all", "true"), ("q", "stone"), ("priority", "high"));
        Assert.Equal("/admin/tasks/task/?q=stone&priority=high", response.Headers.Location!.OriginalString);
        var done = await ReadAsync(ws, db => db.Set<TaskItem>().Where(t => t.Status == TaskItemStatus.Done).Select(t => t.Title).OrderBy(t => t).ToListAsync());
        Assert.Equal(["Stone one", "Stone two"], done);
        Assert.Equal(0, await ReadAsync(other, db => db.Set<TaskItem>().CountAsync(t => t.Status == TaskItemStatus.Done)));
        var entry = await ReadAsync(ws, db => db.Set<AdminLogEntry>().SingleAsync(e => e.Action == AdminLogAction.Bulk));
        Assert.Equal("Mark done: 2 tasks (all 2 matching “stone”, priority=high)", entry.ObjectLabel);
    }

    [Fact]
    public async Task ABulkDelete_AsksFirst_ThenDeletes_AndTakesTheDeletePermission()
    {
        var (ws, owner, client, list) = await WorkspaceWithListAsync("adm-bulk-del");
        using var signedIn = client;
        var keep = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Keep");
        var doomed = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Doomed");

        var asked = await PostAsync(client, "/admin/tasks/task/", ("action", "delete"), ("selected", doomed.ToString()));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await PageClient.ParseAsync(asked);
        Assert.Contains("Doomed", page.QuerySelector("[data-testid=admin-bulk-confirm]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await ReadAsync(ws, db => db.Set<TaskItem>().CountAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(page, "/admin/tasks/task/", new Dictionary<string, string>(), "[data-testid=admin-bulk-confirm] form")).StatusCode);
        Assert.Equal([keep], await ReadAsync(ws, db => db.Set<TaskItem>().Select(t => t.Id).ToListAsync()));

        // Lists are deleted by Owners only, one at a time or in bulk.
        var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        using var adminClient = app.Browser(ws);
        await adminClient.LogInAsync(admin);
        var refused = await PostAsync(adminClient, "/admin/tasks/list/", ("action", "delete"), ("selected", list.ToString()), ("confirmed", "true"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var (_, listPage) = await adminClient.GetAsync("/admin/tasks/list/");
        Assert.Null(listPage.QuerySelector("#admin-action option[value=delete]"));
        Assert.Equal(1, await ReadAsync(ws, db => db.Set<TaskList>().CountAsync()));
    }

    [Fact]
    public async Task TheExport_StreamsTheFilteredRowsOfThisWorkspace_AsCsvWithAHeader()
    {
        var (ws, owner, client, list) = await WorkspaceWithListAsync("adm-export");
        using var signedIn = client;
        var first = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "=HYPERLINK(\"http://evil\")", priority: TaskPriority.High, dueAt: new DateTime(2027, 3, 1, 8, 0, 0, DateTimeKind.Utc));
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Low one", priority: TaskPriority.Low);
        var third = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Comma, \"quoted\"\nand a new line", priority: TaskPriority.High);
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-export-b");
        await TaskSeed.TaskAsync(app, other, await TaskSeed.ListAsync(app, other, otherOwner.Id, "Theirs"), otherOwner.Id, "Their secret", priority: TaskPriority.High);

        var (_, listPage) = await client.GetAsync("/admin/tasks/task/?priority=high");
        var exportPath = listPage.QuerySelector("[data-testid=admin-export]")!.GetAttribute("href")!;
        Assert.Equal("/admin/tasks/task/export.csv?priority=high", exportPath);
        var response = await client.Http.GetAsync(exportPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);

        var file = AdminImporter.Read(AdminSiteOf(app).Find("tasks", "task", ws)!, await response.Content.ReadAsStringAsync());
        Assert.Empty(file.Problems);
        Assert.Equal("id", file.Header[0]);
        Assert.Contains("Title", file.Header);
        Assert.Contains("CreatedAt", file.Header);
        var column = file.Header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        Assert.Equal([first.ToString(), third.ToString()], file.Rows.Select(r => r[0]));
        Assert.Equal("=HYPERLINK(\"http://evil\")", file.Rows[0][column["Title"]]); // read back as it was written
        Assert.Equal("Comma, \"quoted\"\nand a new line", file.Rows[1][column["Title"]]);
        Assert.Equal("2027-03-01T08:00:00Z", file.Rows[0][column["DueAt"]]);
        Assert.Equal(list.ToString(), file.Rows[0][column["ListId"]]);
        // In the raw text the formula is escaped, so that a spreadsheet shows it instead of running it.
        Assert.Contains("'=HYPERLINK", await (await client.Http.GetAsync(exportPath)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static AdminSite AdminSiteOf(CairnApp app)
    {
        using var scope = app.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AdminSite>().Prepare(scope.ServiceProvider.GetRequiredService<CairnDbContext>().Model);
    }

    [Fact]
    public async Task TheImport_PreviewsTheFile_DryRunsItListingEveryBadRow_AndThenImportsAllOrNothing()
    {
        var (ws, owner, client, list) = await WorkspaceWithListAsync("adm-import");
        using var signedIn = client;
        var existing = await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Existing");
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-import-b");
        var theirList = await TaskSeed.ListAsync(app, other, otherOwner.Id, "Theirs");
        var csv = $"""
            id,Title,ListId,Priority,DueAt
            ,Imported one,{list},High,2027-02-01T10:00:00Z
            ,,{list},Low,
            ,Into their list,{theirList},Normal,
            {existing},Existing renamed,#{list},urgent,
            ,Bad priority,{list},Sky-high,
            """;

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(await client.AntiforgeryTokenAsync("/admin/tasks/task/import/")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new("text/csv") } }, "file", "tasks.csv" },
        };
        var preview = await client.Http.PostAsync("/admin/tasks/task/import/?handler=preview", upload);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = await PageClient.ParseAsync(preview);
        Assert.Equal(5, page.QuerySelectorAll("[data-testid=admin-import-preview] tbody tr").Length);

        // The dry run lists every bad row, and writes nothing.
        var token = page.QuerySelector("[data-testid=admin-import-run] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var text = page.QuerySelector("[data-testid=admin-import-run] textarea[name=csv]")!.TextContent;
        var dry = await client.Http.PostAsync("/admin/tasks/task/import/?handler=dryrun", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["csv"] = text }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dry.StatusCode);
        var problems = (await PageClient.ParseAsync(dry)).QuerySelectorAll("[data-testid=admin-import-problems] li")
            .Select(li => (li.GetAttribute("data-line"), li.GetAttribute("data-column"))).ToList();
        Assert.Equal([("3", "Title"), ("4", "ListId"), ("6", "Priority")], problems);
        Assert.Equal(1, await ReadAsync(ws, db => db.Set<TaskItem>().CountAsync()));

        // The import of the same file refuses it whole.
        var refused = await client.Http.PostAsync("/admin/tasks/task/import/?handler=import", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["csv"] = text }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["Existing"], await ReadAsync(ws, db => db.Set<TaskItem>().Select(t => t.Title).ToListAsync()));

        // Without the bad rows: a clean dry run, then the import adds one and changes one, logged.
        var good = string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where((_, i) => i is 0 or 1 or 4));
        var clean = await client.Http.PostAsync("/admin/tasks/task/import/?handler=dryrun", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["csv"] = good }));
        Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        Assert.Contains("add 1 and change 1", (await PageClient.ParseAsync(clean)).QuerySelector("[data-testid=admin-import-dry-run]")!.TextContent, StringComparison.Ordinal);
        var imported = await client.Http.PostAsync("/admin/tasks/task/import/?handler=import", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["csv"] = good }));
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var tasks = await ReadAsync(ws, db => db.Set<TaskItem>().OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(["Existing renamed", "Imported one"], tasks.Select(t => t.Title));
        Assert.Equal((TaskPriority.Urgent, TaskPriority.High), (tasks[0].Priority, tasks[1].Priority));
        Assert.Equal(owner.Id, tasks[1].CreatedById);
        Assert.Equal(new DateTime(2027, 2, 1, 10, 0, 0, DateTimeKind.Utc), tasks[1].DueAt);
        Assert.Contains("1 added, 1 changed", (await ReadAsync(ws, db => db.Set<AdminLogEntry>().SingleAsync(e => e.Action == AdminLogAction.Bulk))).ObjectLabel, StringComparison.Ordinal);

        // A file that is not CSV of this entity is refused with a reason.
        using var wrong = new MultipartFormDataContent
        {
            { new StringContent(await client.AntiforgeryTokenAsync("/admin/tasks/task/import/")), "__RequestVerificationToken" },
            { new ByteArrayContent([0xff, 0xfe, 0x00, 0x41, 0xc3]), "file", "tasks.csv" },
        };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.Http.PostAsync("/admin/tasks/task/import/?handler=preview", wrong)).StatusCode);
        using var unknown = new MultipartFormDataContent
        {
            { new StringContent(await client.AntiforgeryTokenAsync("/admin/tasks/task/import/")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Title,Password\nx,y\n")), "file", "tasks.csv" },
        };
        var unknownPage = await PageClient.ParseAsync(await client.Http.PostAsync("/admin/tasks/task/import/?handler=preview", unknown));
        Assert.Equal("Password", unknownPage.QuerySelector("[data-testid=admin-import-problems] li")!.GetAttribute("data-column"));
    }
}

/// <summary>An app whose job worker runs, polling often, for the bulk action that runs in the background.</summary>
public sealed class AdminJobsApp() : CairnApp(new Dictionary<string, string?>
{
    ["Cairn:Jobs:Server"] = "true",
    ["Cairn:Jobs:SweepInterval"] = "00:00:01",
    ["Cairn:Jobs:SchedulePollInterval"] = "00:00:01",
    ["Cairn:Jobs:QueuePollInterval"] = "00:00:01",
    ["Cairn:Jobs:HandOverGrace"] = "00:00:01",
});

/// <summary>Over a few hundred rows, a bulk action runs as a background job and its page shows the progress: 10,000 tasks marked done in one action.</summary>
public sealed class AdminBulkJobTests(AdminJobsApp app) : IClassFixture<AdminJobsApp>
{
    [Fact]
    public async Task TenThousandTasks_MarkedDoneInOneAction_RunAsABackgroundJob()
    {
        const int count = 10_000;
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-job");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Huge");
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            db.AddRange(Enumerable.Range(0, count).Select(i => new TaskItem { Title = $"Task {i}", ListId = list, CreatedById = owner.Id }));
            // Fifty done already: the action's filter (status=open) leaves them out, and the list holds more rows
            // than an exact count is taken for.
            db.AddRange(Enumerable.Range(0, 50).Select(i => new TaskItem { Title = $"Done {i}", ListId = list, CreatedById = owner.Id, Status = TaskItemStatus.Done }));
            await db.SaveChangesAsync();
        }

        using var client = app.Browser(ws);
        await client.LogInAsync(owner);
        var token = await client.AntiforgeryTokenAsync("/admin/tasks/task/add/");
        var response = await client.Http.PostAsync("/admin/tasks/task/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["action"] = "mark-done", ["all"] = "true", ["status"] = "open",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var jobPath = response.Headers.Location!.OriginalString;
        Assert.Matches("^/admin/jobs/[0-9]+/$", jobPath);

        var state = await Eventually.Until(async () =>
        {
            var (_, page) = await client.GetAsync(jobPath);
            return page.QuerySelector("[data-testid=admin-job]")!.GetAttribute("data-state");
        }, s => s is "done" or "failed", "the bulk job to end", TimeSpan.FromSeconds(120));
        var (_, done) = await client.GetAsync(jobPath);
        var job = done.QuerySelector("[data-testid=admin-job]")!;
        Assert.True(state == "done", $"the job ended {state}: {job.TextContent.Trim()}");
        Assert.True(job.GetAttribute("data-affected") == count.ToString(), $"the job changed {job.GetAttribute("data-affected")} rows: {job.TextContent.Trim()}");
        var (checkScope, check) = await app.DbForAsync(ws);
        await using (checkScope)
        {
            Assert.Equal(count, await check.Set<TaskItem>().CountAsync(t => t.Status == TaskItemStatus.Done && t.CompletedAt != null));
            Assert.Equal(count + 50, await check.Set<TaskItem>().CountAsync(t => t.Status == TaskItemStatus.Done));
            var entries = await check.Set<AdminLogEntry>().Where(e => e.Action == AdminLogAction.Bulk).Select(e => e.ObjectLabel).ToListAsync();
            Assert.Equal(["Mark done: 10,000 tasks (all 10,000 matching status=open)"], entries);
        }

        // Another workspace's Owner does not reach the job, by its page or its progress; a Member of this one neither.
        var strangerOwner = await app.CreateUserAsync(workspace: null);
        var elsewhere = await app.CreateWorkspaceAsync(strangerOwner.Id, prefix: "adm-job-b");
        using var stranger = app.Browser(elsewhere);
        await stranger.LogInAsync(strangerOwner);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(jobPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(jobPath + "?handler=progress")).StatusCode);
        var member = await app.CreateUserAsync(ws, WorkspaceRole.Member);
        using var memberClient = app.Browser(ws);
        await memberClient.LogInAsync(member);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.Http.GetAsync(jobPath)).StatusCode);

        // Its progress, as the page's script reads it.
        var progress = await client.Http.GetStringAsync(jobPath + "?handler=progress");
        Assert.Contains("\"state\":\"done\"", progress, StringComparison.Ordinal);

        // Past 10,000 matching rows PostgreSQL's list gives the planner's estimate, and says so; SQLite counts.
        var (_, list10k) = await client.GetAsync("/admin/tasks/task/");
        var matching = list10k.QuerySelector("[data-testid=admin-matching]")!;
        if (TestDatabase.IsPostgres)
        {
            Assert.Equal("true", matching.GetAttribute("data-estimated"));
            Assert.StartsWith("About ", matching.TextContent.Trim(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("false", matching.GetAttribute("data-estimated"));
            Assert.True(matching.TextContent.Trim().StartsWith("10,050 tasks", StringComparison.Ordinal), matching.TextContent.Trim());
        }
    }
}
