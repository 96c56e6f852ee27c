using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Modules.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Modules.Tasks;

/// <summary>
/// Search, each filter, each sort and the counts, on one workspace of known tasks, with the clock fixed at
/// Thursday 26 November 2026, 10:30 UTC (the owner's zone is UTC).
/// </summary>
public sealed class TaskFilterTests(TaskFilterTests.Workspace workspace) : IClassFixture<TaskFilterTests.Workspace>
{
    public sealed class Workspace : IAsyncLifetime
    {
        public ClockedApp App { get; } = new();
        public string Slug { get; private set; } = "";
        public TestUser Owner { get; private set; } = null!;
        public TestUser Member { get; private set; } = null!;
        public int HomeList { get; private set; }
        public int WorkList { get; private set; }

        public async ValueTask InitializeAsync()
        {
            await App.InitializeAsync();
            Owner = await App.CreateUserAsync(workspace: null);
            Slug = await App.CreateWorkspaceAsync(Owner.Id, prefix: "filter");
            Member = await App.CreateUserAsync(Slug);
            HomeList = await TaskSeed.ListAsync(App, Slug, Owner.Id, "Home");
            WorkList = await TaskSeed.ListAsync(App, Slug, Owner.Id, "Work", shared: true);
            var now = ClockedApp.Start.UtcDateTime;
            var created = now.AddDays(-10);

            // title                 list       priority   due (UTC)                done   assignee  created  notes             tags
            await Add("Pay rent",        HomeList, TaskPriority.Urgent, now.AddDays(-2),            false, null,      1, "bank transfer",   "money");
            await Add("File receipts",   HomeList, TaskPriority.Low,    now.AddDays(-3),            true,  null,      2, "",                "money");
            await Add("Call plumber",    HomeList, TaskPriority.High,   now.Date.AddHours(16),      false, Member.Id, 3, "kitchen sink",    "house");
            await Add("Book dentist",    WorkList, TaskPriority.Normal, now.Date.AddDays(3).AddHours(9), false, null, 4, "",                "health");
            await Add("Plan offsite",    WorkList, TaskPriority.High,   now.Date.AddDays(10),       false, Member.Id, 5, "venue and food",  "work", "travel");
            await Add("Archive email",   WorkList, TaskPriority.Low,    null,                       false, null,      6, "",                "work");
            await Add("Renew passport",  HomeList, TaskPriority.Normal, null,                       true,  Owner.Id,  7, "photo booth",     "travel");

            async Task Add(string title, int list, TaskPriority priority, DateTime? due, bool done, Guid? assignee, int order, string notes, params string[] tags) =>
                await TaskSeed.TaskAsync(App, Slug, list, Owner.Id, title, priority, due, done, assignee, created.AddHours(order), notes, tags);
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private readonly ClockedApp _app = workspace.App;

    private async Task<List<string>> TitlesAsync(string query)
    {
        using var client = _app.Browser(workspace.Slug);
        await client.LogInAsync(workspace.Owner);
        return await TaskSeed.TitlesAsync(client, "/tasks" + query);
    }

    [Theory]
    [InlineData("?status=open", "Pay rent|Call plumber|Book dentist|Plan offsite|Archive email")]
    [InlineData("?status=done", "File receipts|Renew passport")]
    [InlineData("?priority=high", "Call plumber|Plan offsite")]
    [InlineData("?priority=urgent", "Pay rent")]
    [InlineData("?tag=money", "File receipts|Pay rent")]
    [InlineData("?tag=travel", "Plan offsite|Renew passport")]
    [InlineData("?assignee=none", "File receipts|Pay rent|Book dentist|Archive email")]
    [InlineData("?due=overdue", "Pay rent")]
    [InlineData("?due=today", "Call plumber")]
    [InlineData("?due=week", "Call plumber|Book dentist")]
    [InlineData("?due=later", "Plan offsite")]
    [InlineData("?due=none", "Archive email|Renew passport")]
    [InlineData("?q=sink", "Call plumber")]
    [InlineData("?q=rent", "Pay rent")]
    [InlineData("?q=venue+food", "Plan offsite")]
    [InlineData("?status=open&priority=low", "Archive email")]
    [InlineData("?status=open&tag=work&due=later", "Plan offsite")]
    [InlineData("?tag=money&status=done", "File receipts")]
    [InlineData("?q=nothing-like-this", "")]
    public async Task EachFilter_AndCombinations_ShowExactlyTheMatchingTasks(string query, string expected)
    {
        var titles = await TitlesAsync(query);
        Assert.Equal(expected.Split('|', StringSplitOptions.RemoveEmptyEntries), titles);
    }

    [Fact]
    public async Task ListAndAssigneeFilters_UseIdsAndUsernames()
    {
        Assert.Equal(["Book dentist", "Plan offsite", "Archive email"], await TitlesAsync($"?list={workspace.WorkList}"));
        Assert.Equal(["Call plumber", "Plan offsite"], await TitlesAsync($"?assignee={workspace.Member.UserName}"));
        Assert.Equal(["Renew passport"], await TitlesAsync("?assignee=me"));
    }

    [Theory]
    [InlineData("", "File receipts|Pay rent|Call plumber|Book dentist|Plan offsite|Archive email|Renew passport")]
    [InlineData("?sort=due&dir=desc", "Renew passport|Archive email|Plan offsite|Book dentist|Call plumber|Pay rent|File receipts")]
    [InlineData("?sort=priority", "Pay rent|Call plumber|Plan offsite|Book dentist|Renew passport|File receipts|Archive email")]
    [InlineData("?sort=created", "Renew passport|Archive email|Plan offsite|Book dentist|Call plumber|File receipts|Pay rent")]
    [InlineData("?sort=created&dir=asc", "Pay rent|File receipts|Call plumber|Book dentist|Plan offsite|Archive email|Renew passport")]
    [InlineData("?sort=title", "Archive email|Book dentist|Call plumber|File receipts|Pay rent|Plan offsite|Renew passport")]
    [InlineData("?sort=title&dir=desc", "Renew passport|Plan offsite|Pay rent|File receipts|Call plumber|Book dentist|Archive email")]
    public async Task EachSort_InBothDirections_OrdersTheList(string query, string expected)
    {
        var titles = await TitlesAsync(query);
        Assert.Equal(expected.Split('|'), titles);
    }

    [Fact]
    public async Task Counts_ArePerStatusAndPerPriority_WithinTheOtherFilters()
    {
        using var client = _app.Browser(workspace.Slug);
        await client.LogInAsync(workspace.Owner);

        async Task<Dictionary<string, int>> CountsAsync(string query)
        {
            var (_, page) = await client.GetAsync("/tasks" + query);
            var counts = page.QuerySelectorAll("[data-count]").ToDictionary(e => e.GetAttribute("data-count")!, e => int.Parse(e.TextContent, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var badge in page.QuerySelectorAll("[data-count-priority]"))
                counts[badge.GetAttribute("data-count-priority")!] = int.Parse(badge.TextContent.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
            return counts;
        }

        var all = await CountsAsync("");
        Assert.Equal(new Dictionary<string, int> { ["all"] = 7, ["open"] = 5, ["done"] = 2, ["urgent"] = 1, ["high"] = 2, ["normal"] = 2, ["low"] = 2 }, all);

        // With status=open the status counts stay (to switch to done), and the priorities count open tasks only.
        var open = await CountsAsync("?status=open");
        Assert.Equal(new Dictionary<string, int> { ["all"] = 7, ["open"] = 5, ["done"] = 2, ["urgent"] = 1, ["high"] = 2, ["normal"] = 1, ["low"] = 1 }, open);

        // Other filters narrow every count.
        var travel = await CountsAsync("?tag=travel");
        Assert.Equal(new Dictionary<string, int> { ["all"] = 2, ["open"] = 1, ["done"] = 1, ["urgent"] = 0, ["high"] = 1, ["normal"] = 1, ["low"] = 0 }, travel);
    }

    [Fact]
    public async Task Filters_RoundTripThroughTheQueryString_AndUnknownValuesAreNamedNotFatal()
    {
        using var client = _app.Browser(workspace.Slug);
        await client.LogInAsync(workspace.Owner);
        var (_, page) = await client.GetAsync("/tasks?status=open&priority=high&sort=title&dir=desc&due=week");
        Assert.Equal("open", page.QuerySelector("#filter-status option[selected]")!.GetAttribute("value"));
        Assert.Equal("high", page.QuerySelector("#filter-priority option[selected]")!.GetAttribute("value"));
        Assert.Equal("title", page.QuerySelector("#filter-sort option[selected]")!.GetAttribute("value"));
        Assert.Equal("desc", page.QuerySelector("#filter-dir option[selected]")!.GetAttribute("value"));
        Assert.Equal("week", page.QuerySelector("#filter-due option[selected]")!.GetAttribute("value"));
        // The status tabs keep the other filters.
        Assert.Equal("/tasks?status=done&priority=high&due=week&sort=title&dir=desc", page.QuerySelector("[data-count=done]")!.ParentElement!.GetAttribute("href"));

        var (response, odd) = await client.GetAsync("/tasks?status=maybe&priority=9&sort=colour&page=x&list=999999");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("status, priority, sort, page, list", odd.QuerySelector("[data-testid=ignored-filters]")!.TextContent);
        Assert.Equal(7, odd.QuerySelectorAll("[data-testid=task-row]").Length);

        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/tasks?page=2")).StatusCode);
    }

    [Fact]
    public async Task Pages_SplitLongListsWithoutOverlap()
    {
        var owner = await _app.CreateUserAsync(workspace: null);
        var ws = await _app.CreateWorkspaceAsync(owner.Id, prefix: "pages");
        var list = await TaskSeed.ListAsync(_app, ws, owner.Id, "Many");
        for (var i = 0; i < TaskQueries.PageSize + 3; i++) await TaskSeed.TaskAsync(_app, ws, list, owner.Id, $"Task {i:D2}");
        using var client = _app.Browser(ws);
        await client.LogInAsync(owner);

        var first = await TaskSeed.TitlesAsync(client, "/tasks?sort=title");
        var second = await TaskSeed.TitlesAsync(client, "/tasks?sort=title&page=2");
        Assert.Equal(TaskQueries.PageSize, first.Count);
        Assert.Equal(["Task 25", "Task 26", "Task 27"], second);
        Assert.Empty(first.Intersect(second));
        var (_, page) = await client.GetAsync("/tasks?sort=title");
        Assert.Equal("/tasks?sort=title&page=2", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }
}
