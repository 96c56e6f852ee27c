using System.Text;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Modules.Tasks;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>
/// Issue 13 in Chromium: an Owner searches and filters the task change list (the search box taken with "/"),
/// edits a task with a validation error, meets a concurrency conflict from another tab, runs a bulk action,
/// exports CSV, dry-runs an import with one bad row, and reverts a change from its history; axe-core finds no
/// serious or critical violation on the index, a change list or a change form.
/// </summary>
public sealed class AdminWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task ExpectAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, $"axe on {what}: {string.Join("; ", serious)}");
    }

    [Fact]
    public async Task Owner_SearchesFiltersEditsResolvesAConflictActsInBulkExportsImportsAndReverts()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "awalk");
        var chores = await TaskSeed.ListAsync(app, ws, owner.Id, "Chores");
        await TaskSeed.TaskAsync(app, ws, chores, owner.Id, "Sweep the path", TaskPriority.High, notes: "Both sides");
        await TaskSeed.TaskAsync(app, ws, chores, owner.Id, "Stack the stones", TaskPriority.Low);
        await TaskSeed.TaskAsync(app, ws, chores, owner.Id, "Mend the wall", TaskPriority.High);

        await using var context = await app.Chromium.NewContextAsync(new() { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await app.LogInAsync(page, owner, ws);

        // The index, from the navigation.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-index")).ToBeVisibleAsync();
        await ExpectAccessibleAsync(page, "the admin index");
        await page.GetByTestId("admin-index").GetByRole(AriaRole.Link, new() { Name = "tasks" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-row")).ToHaveCountAsync(3);
        await ExpectAccessibleAsync(page, "the task change list");

        // "/" takes the search box; the search narrows the list; a filter narrows it further.
        await page.Locator("body").PressAsync("/");
        await Assertions.Expect(page.Locator("#admin-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("path");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("admin-row")).ToHaveCountAsync(1);
        await page.GotoAsync(app.Url("/admin/tasks/task/", ws));
        await page.Locator("[data-testid=admin-filter][data-key=priority]").GetByRole(AriaRole.Link, new() { Name = "high", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-row")).ToHaveCountAsync(2);

        // The change form: a required field left empty is said beside it, and what was typed stays.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sweep the path" }).ClickAsync();
        await ExpectAccessibleAsync(page, "the task change form");
        var formUrl = page.Url;
        await page.GetByLabel("Title").FillAsync("");
        await page.GetByLabel("Notes").FillAsync("Both sides, and the steps");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field=Title] [data-testid=admin-field-error]")).ToHaveTextAsync("This field is required.");
        await Assertions.Expect(page.GetByLabel("Notes")).ToHaveValueAsync("Both sides, and the steps");
        await page.GetByLabel("Title").FillAsync("Sweep the whole path");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue editing" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("“Sweep the whole path” was changed");

        // Two tabs on one task: the second save, over a stale copy, shows what changed and overwrites nothing.
        var other = await context.NewPageAsync();
        await other.GotoAsync(formUrl);
        await page.GotoAsync(formUrl);
        await other.GetByLabel("Title").FillAsync("Sweep it all");
        await other.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(other.Locator(".flash-messages")).ToContainTextAsync("was changed");
        await page.GetByLabel("Priority").SelectOptionAsync("Urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = page.GetByTestId("admin-conflict");
        await Assertions.Expect(conflict.Locator("tr[data-field=Title]")).ToContainTextAsync("Sweep it all");
        Assert.Equal("Sweep it all", (await TaskSeed.FindAsync(app, ws, int.Parse(formUrl.Split('/')[^3], System.Globalization.CultureInfo.InvariantCulture)))!.Title);

        // A bulk action over two ticked rows.
        await page.GotoAsync(app.Url("/admin/tasks/task/", ws));
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select #" }).First.CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select #" }).Nth(1).CheckAsync();
        await page.GetByLabel("Action").SelectOptionAsync("mark-done");
        await page.GetByRole(AriaRole.Button, new() { Name = "Go" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("Mark done: 2 tasks done.");

        // The export, as a download.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("admin-export").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("id,", csv, StringComparison.Ordinal);
        Assert.Contains("Mend the wall", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // An import with one bad row: the dry run names its line and column, and nothing is written.
        await page.GetByTestId("admin-import").ClickAsync();
        await page.GetByLabel("CSV file (UTF-8)").SetInputFilesAsync(new FilePayload
        {
            Name = "tasks.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"Title,ListId,Priority\nRake the leaves,{chores},Normal\nWeed the beds,{chores},Enormous\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-import-preview").Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-import-problems").Locator("li[data-line='3'][data-column='Priority']")).ToBeVisibleAsync();
        await page.GotoAsync(app.Url("/admin/tasks/task/", ws));
        await Assertions.Expect(page.GetByTestId("admin-row")).ToHaveCountAsync(3);

        // The history shows the title's change before and after; the change is reverted from there.
        await page.GotoAsync(formUrl);
        await page.GetByTestId("admin-history-link").ClickAsync();
        var latest = page.GetByTestId("admin-history-entry").First;
        await Assertions.Expect(latest.Locator("tr[data-field=Title]")).ToContainTextAsync("Sweep the whole path");
        await Assertions.Expect(latest.Locator("tr[data-field=Title]")).ToContainTextAsync("Sweep it all");
        await latest.GetByRole(AriaRole.Button, new() { Name = "Revert this change" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("The change was reverted.");
        await Assertions.Expect(page.GetByTestId("admin-history-entry").First).ToHaveAttributeAsync("data-action", "reverted");
        Assert.Equal("Sweep the whole path", (await TaskSeed.FindAsync(app, ws, int.Parse(formUrl.Split('/')[^3], System.Globalization.CultureInfo.InvariantCulture)))!.Title);
    }
}
