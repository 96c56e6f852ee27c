using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Platform.Admin;
using Cairn.Web.Platform.Tenancy;
using Cairn.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Admin;

/// <summary>
/// Issue 13, first step: the admin index and the change lists the modules register. Owners and Admins only; each
/// workspace sees its own rows; search and keyset pages; bad addresses answer 4xx, never 500.
/// </summary>
public sealed class AdminSiteTests(CairnApp app)
{
    private async Task<(string Workspace, TestUser Owner)> WorkspaceAsync(string prefix)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        return (await app.CreateWorkspaceAsync(owner.Id, prefix: prefix), owner);
    }

    private async Task<PageClient> SignedInAsync(string workspace, TestUser user)
    {
        var client = app.Browser(workspace);
        await client.LogInAsync(user);
        return client;
    }

    private static string[] Cells(AngleSharp.Html.Dom.IHtmlDocument page, int column) =>
        [.. page.QuerySelectorAll("[data-testid=admin-row]").Select(row => row.Children.Where(cell => !cell.ClassList.Contains("admin-select")).ElementAt(column).TextContent.Trim())];

    [Fact]
    public async Task Anonymous_IsSentToLogIn_AndBack()
    {
        var (ws, _) = await WorkspaceAsync("adm-anon");
        using var client = app.Browser(ws);
        var response = await client.Http.GetAsync("/admin/blog/post/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ReturnUrl=%2Fadmin%2Fblog%2Fpost%2F", response.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(WorkspaceRole.Admin, HttpStatusCode.OK)]
    [InlineData(WorkspaceRole.Member, HttpStatusCode.Forbidden)]
    [InlineData(WorkspaceRole.Viewer, HttpStatusCode.Forbidden)]
    public async Task OnlyOwnersAndAdmins_MayUseIt(WorkspaceRole role, HttpStatusCode expected)
    {
        var (ws, _) = await WorkspaceAsync("adm-role");
        var user = await app.CreateUserAsync(ws, role);
        using var client = await SignedInAsync(ws, user);
        foreach (var path in new[] { "/admin", "/admin/tasks/task/", "/admin/blog/post/" })
            Assert.Equal(expected, (await client.Http.GetAsync(path)).StatusCode);

        // Someone from another workspace, whatever their role there, is no one here.
        var (other, otherOwner) = await WorkspaceAsync("adm-other");
        using var stranger = await SignedInAsync(other, otherOwner);
        stranger.Http.DefaultRequestHeaders.Remove("X-Tenant");
        stranger.Http.DefaultRequestHeaders.Add("X-Tenant", ws);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Http.GetAsync("/admin/blog/post/")).StatusCode);
    }

    [Fact]
    public async Task TheNavigation_OffersAdmin_ToOwnersAndAdminsOnly()
    {
        var (ws, owner) = await WorkspaceAsync("adm-nav");
        var member = await app.CreateUserAsync(ws, WorkspaceRole.Member);
        foreach (var (user, shown) in new[] { (owner, true), (member, false) })
        {
            using var client = await SignedInAsync(ws, user);
            var (_, page) = await client.GetAsync("/");
            var links = page.QuerySelectorAll("#main-nav a.nav-link").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal(shown, links.Contains("/admin"));
        }
    }

    [Fact]
    public async Task Index_LinksEveryRegisteredEntity()
    {
        var (ws, owner) = await WorkspaceAsync("adm-index");
        using var client = await SignedInAsync(ws, owner);
        var (response, page) = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = page.QuerySelectorAll("[data-testid=admin-index] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/admin/blog/post/", "/admin/blog/comment/", "/admin/blog/category/", "/admin/blog/tag/", "/admin/tasks/task/", "/admin/tasks/list/"], links);
    }

    [Fact]
    public async Task ChangeList_ShowsTheConfiguredColumns_OfThisWorkspacesRowsOnly()
    {
        var (a, ownerA) = await WorkspaceAsync("adm-a");
        var (b, ownerB) = await WorkspaceAsync("adm-b");
        await BlogSeed.PostAsync(app, a, ownerA.Id, "Cairn in A", published: true);
        await BlogSeed.PostAsync(app, b, ownerB.Id, "Cairn in B", published: false);
        using var client = await SignedInAsync(a, ownerA);
        var (response, page) = await client.GetAsync("/admin/blog/post/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["#", "Title", "Author", "Status", "Published ▼"], page.QuerySelectorAll("[data-testid=admin-rows] th").Select(th => th.TextContent.Trim()));
        Assert.Equal(["Cairn in A"], Cells(page, 1));
        Assert.Equal(["Published"], Cells(page, 3));
        Assert.Contains("1 post", page.QuerySelector("[data-testid=admin-matching]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MatchesEveryWordInAnySearchField_IgnoringCase()
    {
        var (ws, owner) = await WorkspaceAsync("adm-search");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Stack the Cairn stones");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Sweep the path");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Count the stones");
        using var client = await SignedInAsync(ws, owner);
        var (_, page) = await client.GetAsync("/admin/tasks/task/?q=STONES%20cairn");
        Assert.Equal(["Stack the Cairn stones"], Cells(page, 1));
        (_, page) = await client.GetAsync("/admin/tasks/task/?q=stones");
        Assert.Equal(["Count the stones", "Stack the Cairn stones"], Cells(page, 1));
        // A search that is SQL or markup is only text.
        var (response, injected) = await client.GetAsync("/admin/tasks/task/?q=%27%20OR%201%3D1%20--%20%3Cb%3E");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Cells(injected, 1));
    }

    [Fact]
    public async Task KeysetPages_ShowEveryRowOnce_AndBadCursorsStartAtTheTop()
    {
        var (ws, owner) = await WorkspaceAsync("adm-pages");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Many");
        var count = ChangeListRequest.DefaultPageSize + 7;
        for (var i = 0; i < count; i++) await TaskSeed.TaskAsync(app, ws, list, owner.Id, $"Task {i:D3}");
        using var client = await SignedInAsync(ws, owner);

        var seen = new List<string>();
        var path = "/admin/tasks/task/";
        var pages = 0;
        while (path is not null)
        {
            var (response, page) = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(Cells(page, 1));
            path = page.QuerySelector("[data-testid=admin-next]")?.GetAttribute("href");
            Assert.True(++pages <= 3, "paging did not end");
        }

        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"Task {i:D3}").Reverse(), seen);
        foreach (var bad in new[] { "?after=abc", "?after=-5", "?after=99999999999999", "?q=" + new string('x', 5000) })
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin/tasks/task/" + bad)).StatusCode);
    }

    [Fact]
    public async Task Filters_CountEachValueUnderTheSearchAndTheOtherFilters_AndNarrowTheList()
    {
        var (ws, owner) = await WorkspaceAsync("adm-filter");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Filtered");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Open stone", priority: Cairn.Web.Modules.Tasks.TaskPriority.High);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Done stone", priority: Cairn.Web.Modules.Tasks.TaskPriority.High, done: true);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Done moss", done: true);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Open moss");
        // Another workspace's rows are in no count.
        var (other, otherOwner) = await WorkspaceAsync("adm-filter-b");
        await TaskSeed.TaskAsync(app, other, await TaskSeed.ListAsync(app, other, otherOwner.Id, "Elsewhere"), otherOwner.Id, "Done elsewhere", done: true);
        using var client = await SignedInAsync(ws, owner);

        static Dictionary<string, int> Counts(AngleSharp.Html.Dom.IHtmlDocument page, string key) =>
            page.QuerySelectorAll($"[data-testid=admin-filter][data-key={key}] li[data-value]")
                .ToDictionary(li => li.GetAttribute("data-value")!, li => int.Parse(li.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture));

        var (_, page) = await client.GetAsync("/admin/tasks/task/");
        Assert.Equal(new Dictionary<string, int> { ["open"] = 2, ["done"] = 2 }, Counts(page, "status"));
        Assert.Equal(new Dictionary<string, int> { ["low"] = 0, ["normal"] = 2, ["high"] = 2, ["urgent"] = 0 }, Counts(page, "priority"));

        // Status chosen: the list narrows, the priority counts follow it, the status counts do not.
        (_, page) = await client.GetAsync("/admin/tasks/task/?status=done");
        Assert.Equal(["Done moss", "Done stone"], Cells(page, 1));
        Assert.Equal(new Dictionary<string, int> { ["open"] = 2, ["done"] = 2 }, Counts(page, "status"));
        Assert.Equal(1, Counts(page, "priority")["high"]);

        // With a search and a second filter; the links keep both.
        (_, page) = await client.GetAsync("/admin/tasks/task/?q=stone&status=done&priority=high");
        Assert.Equal(["Done stone"], Cells(page, 1));
        Assert.Equal(new Dictionary<string, int> { ["open"] = 1, ["done"] = 1 }, Counts(page, "status"));
        var allStatuses = page.QuerySelector("[data-testid=admin-filter][data-key=status] a")!.GetAttribute("href");
        Assert.Equal("/admin/tasks/task/?q=stone&priority=high", allStatuses);

        // A value that is not one is ignored, not an error.
        var (response, ignored) = await client.GetAsync("/admin/tasks/task/?status=%27%3B%20DROP%20TABLE&priority=HIGH");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Done stone", "Open stone"], Cells(ignored, 1));
    }

    [Fact]
    public async Task UnknownModuleOrEntity_Is404()
    {
        var (ws, owner) = await WorkspaceAsync("adm-404");
        using var client = await SignedInAsync(ws, owner);
        foreach (var path in new[] { "/admin/blog/nothing/", "/admin/nowhere/post/", "/admin/accounts/user/" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public void EveryRegistration_FitsTheModel()
    {
        using var scope = app.Services.CreateScope();
        var site = scope.ServiceProvider.GetRequiredService<AdminSite>();
        site.Prepare(scope.ServiceProvider.GetRequiredService<Cairn.Web.Platform.Data.CairnDbContext>().Model);
        Assert.Equal(6, site.All.Count(r => !r.IsPlatform));
        Assert.Equal(["workspace", "user", "membership"], site.Platform.Select(r => r.UrlName));
    }

}

/// <summary>The admin follows the module switches: a module off in a workspace has no entries and no addresses there.</summary>
public sealed class AdminModuleSwitchTests(TasksOffApp app) : IClassFixture<TasksOffApp>
{
    [Fact]
    public async Task AModuleOffHere_HasNoEntries_AndItsChangeListsAnswer404()
    {
        var admin = await app.CreateUserAsync(TasksOffApp.Off, WorkspaceRole.Admin);
        using var client = app.Browser(TasksOffApp.Off);
        await client.LogInAsync(admin);
        var (_, page) = await client.GetAsync("/admin");
        var links = page.QuerySelectorAll("[data-testid=admin-index] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/admin/blog/post/", links);
        Assert.DoesNotContain(links, l => l!.StartsWith("/admin/tasks/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/admin/tasks/task/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin/blog/post/")).StatusCode);
    }
}

/// <summary>A change list page costs the same SQL commands whatever its number of rows (no query per row or column).</summary>
public sealed class AdminQueryCountTests(CountingApp app) : IClassFixture<CountingApp>
{
    [Theory]
    [InlineData("/admin/tasks/task/")]
    [InlineData("/admin/tasks/task/?q=task")]
    [InlineData("/admin/blog/comment/")]
    public async Task AChangeList_IssuesTheSameNumberOfCommands_ForTwoRowsAndForForty(string path)
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-n1");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Counted");
        var post = await BlogSeed.PostAsync(app, ws, owner.Id, "Counted post", published: true);
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        async Task SeedAsync(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                await TaskSeed.TaskAsync(app, ws, list, owner.Id, $"Task {i}", assignee: owner.Id);
                var (scope, db) = await app.DbForAsync(ws);
                await using (scope)
                {
                    db.Add(Cairn.Web.Modules.Blog.Comment.Write(await db.Set<Cairn.Web.Modules.Blog.Post>().Where(p => p.Slug == post).Select(p => p.Id).SingleAsync(), owner.Id, $"Comment {i}"));
                    await db.SaveChangesAsync();
                }
            }
        }

        async Task<int> CommandsAsync()
        {
            (await client.Http.GetAsync(path)).EnsureSuccessStatusCode(); // warm
            app.Commands.Reset();
            (await client.Http.GetAsync(path)).EnsureSuccessStatusCode();
            return app.Commands.Count;
        }

        await SeedAsync(0, 2);
        var few = await CommandsAsync();
        await SeedAsync(2, 40);
        var many = await CommandsAsync();
        Assert.Equal(few, many);
        // The task list: the member's role, one GROUP BY per value filter (status, priority), two for the list
        // filter (counts, then names), one for the due-date counts, one each for the created-date counts and
        // drill-down, the reader's saved views, the count, the page: 13 at most.
        Assert.InRange(many, 2, 13);
    }
}

/// <summary>Issue 13: sortable columns with keyset pages, foreign key and date filters, the date drill-down.</summary>
public sealed class AdminListOrderAndFilterTests(CairnApp app)
{
    private static string[] Titles(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("[data-testid=admin-row]").Select(row => row.Children.Where(c => !c.ClassList.Contains("admin-select")).ElementAt(1).TextContent.Trim())];

    [Fact]
    public async Task SortedColumns_PageByKeyset_WithEmptyValuesLast_AndEveryRowOnce()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-sort");
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Sorted");
        // Due dates with ties and empties: the order must still be total.
        var due = new DateTime?[] { new(2027, 1, 3, 0, 0, 0, DateTimeKind.Utc), null, new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), new(2027, 1, 3, 0, 0, 0, DateTimeKind.Utc), null, new(2027, 1, 2, 0, 0, 0, DateTimeKind.Utc) };
        for (var i = 0; i < due.Length; i++) await TaskSeed.TaskAsync(app, ws, list, owner.Id, $"T{i}", dueAt: due[i]);
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        // The "Due" header (column 5) sorts ascending, then descending.
        var (_, page) = await client.GetAsync("/admin/tasks/task/");
        var dueHeader = page.QuerySelectorAll("[data-testid=admin-sort]").Single(a => a.TextContent.StartsWith("Due", StringComparison.Ordinal));
        Assert.Equal("/admin/tasks/task/?o=5", dueHeader.GetAttribute("href"));

        async Task<List<string>> AllPagesAsync(string path)
        {
            var seen = new List<string>();
            string? next = path;
            while (next is not null)
            {
                var (response, current) = await client.GetAsync(next);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                seen.AddRange(Titles(current));
                next = current.QuerySelector("[data-testid=admin-next]")?.GetAttribute("href");
                Assert.True(seen.Count <= due.Length, "paging went past the end");
            }
            return seen;
        }

        Assert.Equal(["T2", "T5", "T0", "T3", "T1", "T4"], await AllPagesAsync("/admin/tasks/task/?o=5"));
        Assert.Equal(["T4", "T1", "T3", "T0", "T5", "T2"], await AllPagesAsync("/admin/tasks/task/?o=-5"));
        // A column that is not one, or not sortable (Status is an enum): newest first.
        Assert.Equal(["T5", "T4", "T3", "T2", "T1", "T0"], await AllPagesAsync("/admin/tasks/task/?o=99"));
        Assert.Equal(["T5", "T4", "T3", "T2", "T1", "T0"], await AllPagesAsync("/admin/tasks/task/?o=3"));

        // Pages of two through the engine: the (value, key) cursor crosses ties and the empty values.
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
        {
            var tasks = scope.ServiceProvider.GetRequiredService<AdminSite>().Prepare(db.Model).Find("tasks", "task", ws)!;
            foreach (var (sort, expected) in new[] { ("5", "T2 T5 T0 T3 T1 T4"), ("-5", "T4 T1 T3 T0 T5 T2"), ("2", "T0 T1 T2 T3 T4 T5"), ("-2", "T5 T4 T3 T2 T1 T0") })
            {
                var seen = new List<string>();
                string? after = null;
                do
                {
                    var listing = await tasks.ListAsync(db, new ChangeListRequest(null, after, PageSize: 2, Sort: sort), TestContext.Current.CancellationToken);
                    seen.AddRange(listing.Rows.Select(r => r.Values[0]));
                    after = listing.NextAfter;
                    Assert.True(seen.Count <= due.Length, "paging went past the end");
                }
                while (after is not null);
                Assert.Equal(expected, string.Join(' ', seen));
            }
        }

        // A malformed cursor starts at the top.
        var (bad, _) = await client.GetAsync("/admin/tasks/task/?o=5&after=v~zz~not-a-date");
        Assert.Equal(System.Net.HttpStatusCode.OK, bad.StatusCode);
    }

    [Fact]
    public async Task ForeignKeyAndDateFilters_CountTheirValues_AndTheDrillDownNarrowsByPeriod()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-fkdate");
        var home = await TaskSeed.ListAsync(app, ws, owner.Id, "Home");
        var work = await TaskSeed.ListAsync(app, ws, owner.Id, "Work");
        var today = DateTime.UtcNow;
        await TaskSeed.TaskAsync(app, ws, home, owner.Id, "Due today", dueAt: today, createdAt: new DateTime(2025, 3, 14, 12, 0, 0, DateTimeKind.Utc));
        await TaskSeed.TaskAsync(app, ws, home, owner.Id, "Due long ago", dueAt: today.AddYears(-2), createdAt: new DateTime(2025, 3, 20, 12, 0, 0, DateTimeKind.Utc));
        await TaskSeed.TaskAsync(app, ws, work, owner.Id, "No due date", createdAt: new DateTime(2024, 7, 1, 12, 0, 0, DateTimeKind.Utc));
        var otherOwner = await app.CreateUserAsync(workspace: null);
        var other = await app.CreateWorkspaceAsync(otherOwner.Id, prefix: "adm-fkdate-b");
        await TaskSeed.TaskAsync(app, other, await TaskSeed.ListAsync(app, other, otherOwner.Id, "Elsewhere"), otherOwner.Id, "Theirs", dueAt: today);
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        static Dictionary<string, (string Label, int Count)> Facet(AngleSharp.Html.Dom.IHtmlDocument page, string key) =>
            page.QuerySelectorAll($"[data-testid=admin-filter][data-key={key}] li[data-value]").ToDictionary(
                li => li.GetAttribute("data-value")!,
                li => (li.QuerySelector("a")!.TextContent.Trim(), int.Parse(li.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture)));

        var (_, page) = await client.GetAsync("/admin/tasks/task/");
        var lists = Facet(page, "list");
        Assert.Equal([("Home", 2), ("Work", 1)], lists.Values.OrderBy(v => v.Label));
        Assert.Equal((home.ToString(), work.ToString()), (lists.Single(l => l.Value.Label == "Home").Key, lists.Single(l => l.Value.Label == "Work").Key));
        var dates = Facet(page, "dueat");
        Assert.Equal(1, dates["today"].Count);
        Assert.Equal(1, dates["past-7-days"].Count);
        Assert.Equal(1, dates["none"].Count);

        (_, page) = await client.GetAsync($"/admin/tasks/task/?list={work}");
        Assert.Equal(["No due date"], Titles(page));
        (_, page) = await client.GetAsync("/admin/tasks/task/?dueat=today");
        Assert.Equal(["Due today"], Titles(page));
        (_, page) = await client.GetAsync("/admin/tasks/task/?dueat=none");
        Assert.Equal(["No due date"], Titles(page));
        // A range from two date inputs, both ends included.
        var from = today.AddYears(-2).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = today.AddYears(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (_, page) = await client.GetAsync($"/admin/tasks/task/?dueat_from={from}&dueat_to={to}");
        Assert.Equal(["Due long ago"], Titles(page));
        // Values that are none are ignored, never an error: another workspace's list, a bad date.
        foreach (var bad in new[] { "?list=999999", "?list=abc", "?dueat=2026-13-45", "?dueat=..", "?createdat=99999", "?dueat=9999-12-31..", "?dueat=..9999-12-31", "?dueat=..0001-01-01", "?createdat=0001", "?o=abc", "?o=-0" })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.Http.GetAsync("/admin/tasks/task/" + bad)).StatusCode);

        // The drill-down: years, then that year's months, then the month's days.
        (_, page) = await client.GetAsync("/admin/tasks/task/");
        static Dictionary<string, int> Steps(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=admin-drilldown] a[data-value]").ToDictionary(a => a.GetAttribute("data-value")!, a => int.Parse(a.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, int> { ["2024"] = 1, ["2025"] = 2 }, Steps(page));
        (_, page) = await client.GetAsync("/admin/tasks/task/?createdat=2025");
        Assert.Equal(new Dictionary<string, int> { ["2025-03"] = 2 }, Steps(page));
        Assert.Equal(["Due long ago", "Due today"], Titles(page).Order());
        (_, page) = await client.GetAsync("/admin/tasks/task/?createdat=2025-03");
        Assert.Equal(new Dictionary<string, int> { ["2025-03-14"] = 1, ["2025-03-20"] = 1 }, Steps(page));
        (_, page) = await client.GetAsync("/admin/tasks/task/?createdat=2025-03-14");
        Assert.Equal(["Due today"], Titles(page));
    }
    [Fact]
    public async Task ASavedView_KeepsTheSearchFiltersAndOrder_ForItsOwnerOnly()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-views");
        var admin = await app.CreateUserAsync(ws, WorkspaceRole.Admin);
        var list = await TaskSeed.ListAsync(app, ws, owner.Id, "Viewed");
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Urgent stone", priority: Cairn.Web.Modules.Tasks.TaskPriority.Urgent);
        await TaskSeed.TaskAsync(app, ws, list, owner.Id, "Calm stone");
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        var saved = await client.SubmitAsync("/admin/tasks/task/?q=stone&priority=urgent&o=-2", new Dictionary<string, string> { ["name"] = "Urgent stones" }, "form[action*=saveview]");
        Assert.Equal("/admin/tasks/task/?q=stone&priority=urgent&o=-2", saved.Headers.Location!.OriginalString);
        var (_, page) = await client.GetAsync("/admin/tasks/task/");
        var view = page.QuerySelector("[data-testid=admin-view] a")!;
        Assert.Equal(("Urgent stones", "/admin/tasks/task/?q=stone&priority=urgent&o=-2"), (view.TextContent.Trim(), view.GetAttribute("href")));
        (_, page) = await client.GetAsync(view.GetAttribute("href")!);
        Assert.Equal("page", page.QuerySelector("[data-testid=admin-view] a")!.GetAttribute("aria-current"));
        Assert.Equal(["Urgent stone"], Titles(page));

        // Another admin of the workspace sees none of it, and cannot delete it.
        using var other = app.Browser(ws);
        await other.LogInAsync(admin);
        var (_, theirs) = await other.GetAsync("/admin/tasks/task/");
        Assert.Empty(theirs.QuerySelectorAll("[data-testid=admin-view]"));
        var (scope, db) = await app.DbForAsync(ws);
        int id;
        await using (scope) id = await db.Set<AdminSavedView>().Select(v => v.Id).SingleAsync();
        var token = theirs.QuerySelector("form[action*=saveview] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await other.Http.PostAsync("/admin/tasks/task/?handler=deleteview", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["view"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        (scope, db) = await app.DbForAsync(ws);
        await using (scope) Assert.Equal(1, await db.Set<AdminSavedView>().CountAsync());

        // Its owner deletes it.
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await client.SubmitAsync("/admin/tasks/task/", new Dictionary<string, string>(), "[data-testid=admin-view] form")).StatusCode);
        (scope, db) = await app.DbForAsync(ws);
        await using (scope) Assert.Equal(0, await db.Set<AdminSavedView>().CountAsync());
    }
    [Fact]
    public async Task ARegistrationsOrdering_IsTheDefault_AndTheReadersChoiceReplacesIt()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "adm-order");
        var older = await BlogSeed.PostAsync(app, ws, owner.Id, "Written first, published last", published: true);
        await BlogSeed.PostAsync(app, ws, owner.Id, "Written last, published first", published: true);
        await BlogSeed.PostAsync(app, ws, owner.Id, "A draft", published: false);
        var (scope, db) = await app.DbForAsync(ws);
        await using (scope)
            await db.Set<Cairn.Web.Modules.Blog.Post>().Where(p => p.Slug == older).ExecuteUpdateAsync(set => set.SetProperty(p => p.PublishedAt, DateTime.UtcNow.AddDays(1)));
        using var client = app.Browser(ws);
        await client.LogInAsync(owner);

        // Posts are ordered by publication, newest first, drafts (not published yet) before them.
        var (_, page) = await client.GetAsync("/admin/blog/post/");
        Assert.Equal(["A draft", "Written first, published last", "Written last, published first"], Titles(page));
        Assert.Equal("descending", page.QuerySelectorAll("[data-testid=admin-rows] th[aria-sort]").Single().GetAttribute("aria-sort"));
        (_, page) = await client.GetAsync("/admin/blog/post/?o=1");
        Assert.Equal(["A draft", "Written first, published last", "Written last, published first"], Titles(page));
        (_, page) = await client.GetAsync("/admin/blog/post/?o=-1");
        Assert.Equal(["Written last, published first", "Written first, published last", "A draft"], Titles(page));
    }
}
