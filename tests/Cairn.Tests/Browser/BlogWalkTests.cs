using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Web.Platform.Tenancy;
using Microsoft.Playwright;

namespace Cairn.Tests.Browser;

/// <summary>The blog in Chromium: write, list, categorise, comment, edit, search, delete; and a Viewer kept out.</summary>
public sealed class BlogWalkTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Author_WritesCommentsEditsSearchesAndDeletesAPost()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "walk", openJoining: true);
        await BlogSeed.PostAsync(app, ws, owner.Id, "Older post", category: "Journal");

        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        // Sign up on the workspace: a new Member.
        var handle = $"writer{Guid.NewGuid():N}"[..14];
        await page.GotoAsync(app.Url("/account/signup", ws));
        await page.GetByLabel("Email").FillAsync($"{handle}@example.test");
        await page.GetByLabel("Username").FillAsync(handle);
        await page.GetByLabel("Display name").FillAsync("Wren Writer");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("quiet words in a long line");
        await page.GetByLabel("Confirm password").FillAsync("quiet words in a long line");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("check-email")).ToContainTextAsync("Check your inbox");
        // The link mailed to that address (taken from the job's payload), opened in the same browser.
        var token = await app.SignupTokenAsync($"{handle}@example.test");
        await page.GotoAsync(app.Url($"/account/confirm?token={Uri.EscapeDataString(token!)}", ws));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-user")).ToContainTextAsync("Wren Writer");

        // Write a post with Markdown and a category.
        await page.GotoAsync(app.Url("/blog", ws));
        await page.GetByRole(AriaRole.Link, new() { Name = "New post" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Lichen on granite");
        await page.GetByLabel("Text (Markdown)").FillAsync("## Field notes\n\nThe *crustose* kind grows **slowly**.");
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Journal" });
        await page.GetByLabel("Tags").FillAsync("nature, stone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("Your post is published.");
        await Assertions.Expect(page.GetByTestId("post-body").Locator("h2")).ToHaveTextAsync("Field notes");
        await Assertions.Expect(page.GetByTestId("post-body").Locator("em")).ToHaveTextAsync("crustose");

        // It is on the paginated index and on the category page.
        await page.GotoAsync(app.Url("/blog", ws));
        await Assertions.Expect(page.GetByTestId("post-list")).ToContainTextAsync("Lichen on granite");
        await page.GetByTestId("categories").GetByRole(AriaRole.Link, new() { Name = "Journal" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Category: Journal");
        await Assertions.Expect(page.GetByTestId("post-list")).ToContainTextAsync("Lichen on granite");

        // Comment on it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Lichen on granite" }).ClickAsync();
        await page.GetByLabel("Your comment").FillAsync("Seen some on the north wall.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("comment")).ToContainTextAsync("Seen some on the north wall.");

        // Edit it: the address stays.
        await page.GetByTestId("post-actions").GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Lichen on old granite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Lichen on old granite");
        Assert.EndsWith("/blog/lichen-on-granite", page.Url, StringComparison.Ordinal);

        // Search for it.
        await page.GotoAsync(app.Url("/blog", ws));
        await page.GetByLabel("Search the blog").FillAsync("crustose");
        await page.GetByLabel("Search the blog").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("1 post found");
        await Assertions.Expect(page.GetByTestId("post-list")).ToContainTextAsync("Lichen on old granite");

        // Delete it, after confirming.
        await page.GetByRole(AriaRole.Link, new() { Name = "Lichen on old granite" }).ClickAsync();
        await page.GetByTestId("post-actions").GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash-messages")).ToContainTextAsync("is deleted");
        Assert.Equal("/blog", new Uri(page.Url).AbsolutePath); // the index, not another of the list page's routes (drafts)
        var gone = await page.GotoAsync(app.Url("/blog/lichen-on-granite", ws));
        Assert.Equal(404, gone!.Status);
    }

    [Fact]
    public async Task Viewer_SeesNoEditButton_AndGets403OnTheEditUrl()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var ws = await app.CreateWorkspaceAsync(owner.Id, prefix: "viewr");
        var slug = await BlogSeed.PostAsync(app, ws, owner.Id, "Look but do not touch");
        var viewer = await app.CreateUserAsync(ws, WorkspaceRole.Viewer);

        await using var context = await app.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await app.LogInAsync(page, viewer, ws);

        await page.GotoAsync(app.Url($"/blog/{slug}", ws));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Look but do not touch");
        await Assertions.Expect(page.GetByTestId("post-actions")).ToHaveCountAsync(0);
        var edit = await page.GotoAsync(app.Url($"/blog/{slug}/edit", ws));
        Assert.Equal(403, edit!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");
    }
}
