using System.Net;
using Cairn.Tests.Infrastructure;
using Cairn.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Cairn.Tests.Modules.Workspaces;

public sealed class WorkspacePagesTests(CairnApp app)
{
    private static Dictionary<string, string> Form(string slug, string name = "Team space") => new()
    {
        ["Input.Slug"] = slug,
        ["Input.Name"] = name,
    };

    [Fact]
    public async Task NewWorkspace_WhenAnonymous_RedirectsToLogin()
    {
        using var client = app.Browser();
        var response = await client.Http.GetAsync("/workspaces/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewWorkspace_WhenValid_MakesTheUserOwner_AndListsItInTheNavigation()
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var slug = $"team-{Guid.NewGuid():N}"[..14];

        var response = await client.SubmitAsync("/workspaces/new", Form(slug, "The Team"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/workspaces", response.Headers.Location!.OriginalString);

        var (_, list) = await client.GetAsync("/workspaces");
        Assert.Contains("Workspace The Team is ready", list.QuerySelector(".flash-messages")!.TextContent);
        var links = list.QuerySelectorAll("[data-testid=workspace-menu] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"http://{slug}.localhost/", links);

        var (scope, db) = await app.DbForAsync(slug);
        await using (scope)
        {
            var membership = await db.Memberships.SingleAsync();
            Assert.Equal(user.Id, membership.UserId);
            Assert.Equal(WorkspaceRole.Owner, membership.Role);
        }

        // The new workspace is served on its host at once.
        using var visitor = app.Browser(slug);
        var (home, _) = await visitor.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("www", "reserved")]
    [InlineData("api", "reserved")]
    [InlineData("admin", "reserved")]
    [InlineData("Upper", "lower-case letters")]
    [InlineData("under_score", "lower-case letters")]
    [InlineData("-edge", "lower-case letters")]
    [InlineData("a", "2 to 40 characters")]
    public async Task NewWorkspace_WithABadAddress_ShowsWhy(string slug, string message)
    {
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await client.SubmitAsync("/workspaces/new", Form(slug));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PageClient.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewWorkspace_WithATakenAddress_ShowsWhy()
    {
        var taken = await app.CreateWorkspaceAsync(prefix: "taken");
        var user = await app.CreateUserAsync();
        using var client = app.Browser();
        await client.LogInAsync(user);
        var response = await client.SubmitAsync("/workspaces/new", Form(taken));
        var page = await PageClient.ParseAsync(response);
        Assert.Contains("is taken", page.QuerySelector("[data-valmsg-for='Input.Slug']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonMember_SeesTheWorkspaceReadOnly_WithoutItsMembers()
    {
        var owner = await app.CreateUserAsync(workspace: null);
        var slug = await app.CreateWorkspaceAsync(owner.Id, prefix: "private");
        var outsider = await app.CreateUserAsync();
        using var client = app.Browser(slug);
        await client.LogInAsync(outsider);

        var (response, home) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are not a member of this workspace", home.QuerySelector("main")!.TextContent);
        Assert.DoesNotContain(owner.DisplayName, home.Body!.TextContent);
        Assert.Null(home.QuerySelector("nav a[href='/members']"));
    }
}
