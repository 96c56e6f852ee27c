using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Tests.Modules.Blog;
using Cairn.Tests.Modules.Tasks;
using Cairn.Web.Platform.Admin;
using Cairn.Web.Platform.Tenancy;
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
        [.. page.QuerySelectorAll("[data-testid=admin-row]").Select(row => row.Children[column].TextContent.Trim())];

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
    public async Task Index_LinksEveryRegisteredEntity()
    {
        var (ws, owner) = await WorkspaceAsync("adm-index");
        using var client = await SignedInAsync(ws, owner);
        var (response, page) = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = page.QuerySelectorAll("[data-testid=admin-index] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/admin/blog/post/", "/admin/blog/comment/", "/admin/blog/category/", "/admin/tasks/task/", "/admin/tasks/list/"], links);
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
        Assert.Equal(["#", "Title", "Author", "Status", "Published"], page.QuerySelectorAll("[data-testid=admin-rows] th").Select(th => th.TextContent.Trim()));
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
        site.Validate(scope.ServiceProvider.GetRequiredService<Cairn.Web.Platform.Data.CairnDbContext>().Model);
        Assert.Equal(5, site.All.Count());
    }
}
