using System.Text.RegularExpressions;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Modules.Tasks;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>The task list in Chromium: add with a validation error, filter and sort by URL, toggle in place, bulk-complete, delete.</summary>
public sealed class TasksWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Member_AddsFiltersSortsCompletesAndDeletesTasks()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "twalk");
        var member = await app.CreateUserAsync(ws);
        var team = await TaskSeed.ListAsync(app, ws, owner.Id, "Team", shared: true);
        await TaskSeed.TaskAsync(app, ws, team, owner.Id, "Order stone", TaskPriority.Low);
        await TaskSeed.TaskAsync(app, ws, team, owner.Id, "Mend the wall", TaskPriority.High);

        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await app.LogInAsync(page, member, ws);

        // Add a task: first without a title, which the form refuses beside the field, keeping the rest.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Tasks" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New task" }).ClickAsync();
        await page.GetByLabel("Notes").FillAsync("Granite, *not* sandstone.");
        await page.GetByLabel("Priority").SelectOptionAsync("Urgent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Title']")).ToHaveTextAsync("Give the task a title.");
        await Assertions.Expect(page.GetByLabel("Notes")).ToHaveValueAsync("Granite, *not* sandstone.");

        await page.GetByLabel("Title").FillAsync("Build a cairn");
        await page.GetByLabel("Due").FillAsync("2030-06-01T09:30");
        await page.GetByLabel("List").SelectOptionAsync(new SelectOptionValue { Label = "Team (shared)" });
        await page.GetByLabel("Tags").FillAsync("outdoors, stone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("Task “Build a cairn” added.");
        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveCountAsync(3);

        // Filter and sort through the address: a view that can be bookmarked.
        await page.GotoAsync(app.Url("/tasks?priority=urgent", ws));
        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveTextAsync(["Build a cairn"]);
        await Assertions.Expect(page.Locator("#filter-priority")).ToHaveValueAsync("urgent");
        await page.GotoAsync(app.Url("/tasks?sort=title&dir=desc", ws));
        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveTextAsync(["Order stone", "Mend the wall", "Build a cairn"]);
        // The filter form writes the same kind of address.
        await page.Locator("#filter-status").SelectOptionAsync("open");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        // Asserted on the address and the new page's own state, not on the "load" event: Chromium under a loaded CI
        // machine has been seen to commit the navigation and never report "load" to Playwright within 30 s.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=open.*sort=title|sort=title.*status=open"));
        await Assertions.Expect(page.Locator("#filter-status")).ToHaveValueAsync("open");
        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveTextAsync(["Order stone", "Mend the wall", "Build a cairn"]);

        // Toggle one in place: no reload (a marker set on the page survives), the counts follow.
        await page.EvaluateAsync("() => window.stillHere = true");
        var mend = page.GetByTestId("task-row").Filter(new() { HasText = "Mend the wall" });
        await mend.GetByRole(AriaRole.Button, new() { Name = "Mark done" }).ClickAsync();
        await Assertions.Expect(mend.GetByRole(AriaRole.Button, new() { Name = "Mark open" })).ToBeVisibleAsync();
        await Assertions.Expect(mend).ToHaveAttributeAsync("data-status", "done");
        await Assertions.Expect(page.Locator("[data-count=done]")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillHere === true"));

        // Bulk-complete two, with one confirmation.
        await page.GotoAsync(app.Url("/tasks?status=open&sort=title", ws));
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Build a cairn" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select Order stone" }).CheckAsync();
        await page.GetByLabel("With the selected tasks").SelectOptionAsync("done");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("2 tasks marked done.");
        await Assertions.Expect(page.GetByTestId("no-tasks")).ToContainTextAsync("No tasks match these filters.");
        await Assertions.Expect(page.Locator("[data-count=done]")).ToHaveTextAsync("3");

        // Delete one, after the confirmation page.
        await page.GotoAsync(app.Url("/tasks?sort=title", ws));
        await page.GetByRole(AriaRole.Link, new() { Name = "Build a cairn" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-notes").Locator("em")).ToHaveTextAsync("not");
        await page.GetByTestId("task-actions").GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("Task “Build a cairn” deleted.");
        await Assertions.Expect(page.GetByTestId("task-title")).ToHaveTextAsync(["Order stone", "Mend the wall"]);
    }
}
